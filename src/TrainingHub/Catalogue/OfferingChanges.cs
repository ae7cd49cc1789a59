using Marten;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;

namespace TrainingHub.Catalogue;

/// <summary>
/// A provider's change to an offering, through the one write path (<see cref="CommandWrite"/>): the offering locked
/// like enrolments lock it (so seat changes never race), If-Match checked against the locked version, the decision's
/// events appended, and the fresh view with its ETag as the answer.
/// </summary>
public static class OfferingChanges
{
    public static Task<IResult> Run(Guid id, Caller caller, IDocumentStore store, HttpRequest request,
        Func<Offering?, ProblemDetails> validate, Func<Offering, IReadOnlyList<object>> decide, CancellationToken ct) =>
        Run(id, caller, store, request, (_, _, _) => Task.FromResult(0), (offering, _) => validate(offering),
            (offering, _) => decide(offering), ct);

    /// <summary>With <paramref name="readMore"/>: what else the decision needs, read under the lock.</summary>
    public static Task<IResult> Run<TMore>(Guid id, Caller caller, IDocumentStore store, HttpRequest request,
        Func<IDocumentSession, Offering, CancellationToken, Task<TMore>> readMore,
        Func<Offering?, TMore?, ProblemDetails> validate, Func<Offering, TMore, IReadOnlyList<object>> decide,
        CancellationToken ct) =>
        CommandWrite.Run(store, caller.OrganisationId,
            async (session, token) =>
            {
                var offering = await OfferingLock.Acquire(session, id, token);
                return (Offering: offering, More: offering is null ? default : await readMore(session, offering, token));
            },
            locked => Decide(locked.Offering, locked.More, request, validate, decide),
            ct);

    private static Verdict Decide<TMore>(Offering? offering, TMore? more, HttpRequest request,
        Func<Offering?, TMore?, ProblemDetails> validate, Func<Offering, TMore, IReadOnlyList<object>> decide)
    {
        var problem = Problems.FirstOf(
            () => validate(offering, more),
            () => Versioning.CheckIfMatch(request, offering!.Version, required: false));
        return Verdict.Unless(problem, () => Answered(offering!, decide(offering!, more!)));
    }

    private static Verdict Answered(Offering offering, IReadOnlyList<object> events)
    {
        var version = offering.Version + events.Count;
        return Verdict.Record([new StreamEvents(offering.Id, events)], async (session, token) =>
        {
            var view = await session.LoadAsync<OfferingView>(offering.Id, token);
            view!.Version = version;
            return TypedResults.Ok(view).WithETag(version);
        });
    }
}
