using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using Wolverine.Http;

namespace TrainingHub.Enrolment;

public static class EraseTrainee
{
    /// <summary>A partner erases what it supplied; admin erases the person everywhere. A partner that never enrolled
    /// the person is told 404, so it learns nothing of other partners' records.</summary>
    public static ProblemDetails Validate(Trainee? person, IReadOnlyList<PartnerTrainee> records, Guid traineeId, Caller caller) =>
        person is null || (!caller.IsAdmin && records.VisibleTo(caller).Count == 0)
            ? Problems.NotFound("Trainee", traineeId)
            : Problems.None;

    /// <summary>Erasing again is allowed: it re-applies the masking if an earlier attempt stopped half-way.</summary>
    public static IReadOnlyList<(Guid StreamId, object Event)> Decide(Trainee person, IReadOnlyList<PartnerTrainee> records,
        Caller caller)
    {
        var events = records.VisibleTo(caller).Where(r => !r.Erased)
            .Select(r => (r.Id, (object)new PartnerTraineeErased(r.Id))).ToList();
        if (caller.IsAdmin && !person.Erased) events.Add((person.Id, new TraineeErased(person.Id)));
        return events;
    }

    /// <summary>The streams whose events erasure masks: the caller's own record, or (admin) every record and the person.</summary>
    public static IReadOnlyList<Guid> StreamsToMask(Trainee person, IReadOnlyList<PartnerTrainee> records, Caller caller) =>
        caller.IsAdmin ? [.. records.Select(r => r.Id), person.Id] : [.. records.VisibleTo(caller).Select(r => r.Id)];
}

/// <summary>
/// Right to erasure. Personal data lives only in the partners' trainee streams (and the documents built from them),
/// so erasure (1) records PartnerTraineeErased, which blanks the partner's record, and (2) masks the personal fields
/// of those streams' events in place (Marten event data masking; rules in EnrolmentConfiguration). Enrolment events
/// never held personal data, so every count by country, sex, organisation type and outcome stays.
/// </summary>
public static class EraseTraineeEndpoint
{
    [WolverineDelete("/api/trainees/{id}", OperationId = "eraseTrainee")]
    [Authorize(Policy = Roles.Policies.Partner)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static Task<IResult> Delete(Guid id, IDocumentStore store, ClaimsPrincipal user, CancellationToken ct)
    {
        var caller = user.Caller();
        return CommandWrite.Run(store, caller.OrganisationId,
            async (session, token) => (Person: await session.LoadAsync<Trainee>(id, token),
                Records: await TraineeRecords.Load(session, id, token)),
            read =>
            {
                var problem = EraseTrainee.Validate(read.Person, read.Records, id, caller);
                if (!problem.IsNone()) return Verdict.Refuse(problem);
                var changes = EraseTrainee.Decide(read.Person!, read.Records, caller)
                    .Select(e => new StreamEvents(e.StreamId, [e.Event])).ToList();
                var streams = EraseTrainee.StreamsToMask(read.Person!, read.Records, caller);
                // Masking rewrites stored events in place, so it runs once the erasure events are committed.
                return Verdict.Record(changes, async (_, token) =>
                {
                    foreach (var stream in streams)
                        await store.Advanced.ApplyEventDataMasking(masking => masking.IncludeStream(stream), token);
                    return TypedResults.NoContent();
                });
            },
            ct);
    }
}
