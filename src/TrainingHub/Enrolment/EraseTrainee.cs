using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Hosting;
using Wolverine.Http;

namespace TrainingHub.Enrolment;

public static class EraseTrainee
{
    public static ProblemDetails Validate(Trainee? trainee, Guid traineeId, Caller caller) =>
        trainee is null || !(caller.IsAdmin || trainee.EnrolledBy(caller.OrganisationId))
            ? Problems.NotFound("Trainee", traineeId)
            : Problems.None;

    /// <summary>Erasing again is allowed: it re-applies the masking if an earlier attempt stopped half-way.</summary>
    public static IReadOnlyList<object> Decide(Trainee trainee) =>
        trainee.Erased ? [] : [new TraineePersonalDataErased(trainee.Id)];
}

/// <summary>
/// Right to erasure. Personal data lives only in the trainee's stream and the documents built from it, so erasure
/// (1) records TraineePersonalDataErased, which blanks the person in the Trainee document, and (2) masks the personal
/// fields of every event in the trainee's stream in place (Marten event data masking; rules in EnrolmentConfiguration).
/// Enrolment events never held personal data, so every count by country, sex, organisation type and outcome stays.
/// </summary>
public static class EraseTraineeEndpoint
{
    [WolverineDelete("/api/trainees/{id}", OperationId = "eraseTrainee")]
    [Authorize(Policy = Roles.Policies.Partner)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Delete(Guid id, IDocumentStore store, ClaimsPrincipal user, CancellationToken ct)
    {
        var caller = user.Caller();
        await using (var session = store.LightweightSession())
        {
            session.LastModifiedBy = caller.OrganisationId.ToString();
            var trainee = await session.LoadAsync<Trainee>(id, ct);
            var problem = EraseTrainee.Validate(trainee, id, caller);
            if (!problem.IsNone()) return TypedResults.Problem(problem);

            var events = EraseTrainee.Decide(trainee!);
            if (events.Count > 0)
            {
                session.Events.Append(id, [.. events]);
                await session.SaveChangesAsync(ct);
            }
        }

        await store.Advanced.ApplyEventDataMasking(masking => masking.IncludeStream(id), ct);
        return TypedResults.NoContent();
    }
}
