using Marten;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;

namespace TrainingHub.Catalogue;

/// <summary>
/// A provider's change to a programme, through the one write path (<see cref="CommandWrite"/>). No lock: programme
/// changes move no seats, so the append names the version that was validated, and a concurrent change makes it fail
/// (409, or 412 when the caller sent If-Match) instead of overwriting what the caller never saw.
/// </summary>
public static class ProgrammeChanges
{
    public static Task<IResult> Run(Guid id, Caller caller, IDocumentStore store,
        Func<Programme?, ProblemDetails> validate, Func<Programme, IReadOnlyList<object>> decide, CancellationToken ct) =>
        CommandWrite.Run(store, caller.OrganisationId,
            (session, token) => session.LoadAsync<Programme>(id, token),
            programme => Decide(programme, validate, decide), ct);

    private static Verdict Decide(Programme? programme, Func<Programme?, ProblemDetails> validate,
        Func<Programme, IReadOnlyList<object>> decide) =>
        Verdict.Unless(validate(programme), () =>
        {
            var events = decide(programme!);
            var version = programme!.Version + events.Count;
            return Verdict.Record([StreamEvents.AppendAt(programme.Id, programme.Version, events)], async (session, token) =>
                TypedResults.Ok(await session.LoadAsync<ProgrammeView>(programme.Id, token)).WithETag(version));
        });
}
