using Marten;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Reference;

namespace TrainingHub.Needs;

/// <summary>
/// A change to a recorded need, through the one write path (<see cref="CommandWrite"/>): read the need and what the
/// caller may speak for, decide, append naming the version decided on (a concurrent change makes it 409, or 412 with
/// If-Match), and answer with the view the change projected.
/// </summary>
public static class NeedChanges
{
    public static Task<IResult> Run(Guid id, Caller caller, IDocumentStore store, ReferenceData reference,
        Func<TrainingNeed?, NeedAuthority, ProblemDetails> validate, Func<TrainingNeed, IReadOnlyList<object>> decide,
        CancellationToken ct) =>
        CommandWrite.Run(store, caller.OrganisationId,
            async (session, token) => (
                Need: await session.LoadAsync<TrainingNeed>(id, token),
                Authority: await GetTrainingNeedEndpoints.AuthorityAsync(session, caller, reference, token)),
            read => Verdict.Unless(validate(read.Need, read.Authority), () =>
            {
                var need = read.Need!;
                var events = decide(need);
                var version = need.Version + events.Count;
                return Verdict.Record([StreamEvents.AppendAt(need.Id, need.Version, events)], async (session, token) =>
                    TypedResults.Ok(await session.LoadAsync<TrainingNeedView>(need.Id, token)).WithETag(version));
            }),
            ct);

    /// <summary>A need someone else speaks for is reported as missing, as on reading.</summary>
    public static ProblemDetails Found(TrainingNeed? need, Guid id, NeedAuthority authority) =>
        need is null || !authority.Covers(need.Details.Country) ? Problems.NotFound("Training need", id) : Problems.None;

    public static ProblemDetails Open(TrainingNeed need) => need.Status == NeedStatus.Open
        ? Problems.None
        : Problems.Conflict($"Training need {need.Status}", $"Training need {need.Id} is {need.Status} and can no longer change.");
}
