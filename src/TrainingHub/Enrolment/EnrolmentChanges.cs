using Marten;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;

namespace TrainingHub.Enrolment;

/// <summary>An enrolment as a change to it must see it: read again under its offering's lock.</summary>
public sealed record LockedEnrolment(EnrolmentView View, Offering Offering);

/// <summary>
/// A change to one enrolment, through the one write path (<see cref="CommandWrite"/>). Its events go to the offering
/// stream, so it locks the offering like every seat change. The enrolment is found first (its offering is not in the
/// route; a caller who may not see it is told 404, so its existence is not revealed), then, in the lock's round trip,
/// read again: a concurrent change may have moved it meanwhile.
/// </summary>
public static class EnrolmentChanges
{
    public static Task<IResult> Run<TMore>(Guid enrolmentId, Caller caller, IDocumentStore store,
        Func<IQuerySession, LockedEnrolment, CancellationToken, Task<TMore>> readMore,
        Func<LockedEnrolment, ProblemDetails> validate,
        Func<LockedEnrolment, TMore, IReadOnlyList<StreamEvents>> decide,
        Func<EnrolmentView, IResult> answer, CancellationToken ct) =>
        CommandWrite.Run(store, caller.OrganisationId,
            async (session, token) =>
            {
                var locked = await LockForChange(session, enrolmentId, caller, token);
                return (Locked: locked, More: locked is null ? default : await readMore(session, locked, token));
            },
            read =>
            {
                var problem = read.Locked is null ? Problems.NotFound("Enrolment", enrolmentId) : validate(read.Locked);
                return Verdict.Unless(problem, () => Verdict.Record(decide(read.Locked!, read.More!),
                    async (session, token) => answer((await session.LoadAsync<EnrolmentView>(enrolmentId, token))!)));
            },
            ct);

    /// <summary>For changes that need nothing but the enrolment and its offering.</summary>
    public static Task<bool> NothingMore(IQuerySession session, LockedEnrolment locked, CancellationToken ct) =>
        Task.FromResult(true);

    private static async Task<LockedEnrolment?> LockForChange(IDocumentSession session, Guid enrolmentId, Caller caller,
        CancellationToken ct)
    {
        var found = await session.LoadAsync<EnrolmentView>(enrolmentId, ct);
        if (found is null || !caller.MayRead(found)) return null;
        var batch = session.CreateBatchQuery();
        var offering = OfferingLock.Acquire(batch, found.OfferingId);
        var view = batch.Load<EnrolmentView>(enrolmentId);
        await batch.Execute(ct);
        return new LockedEnrolment((await view)!, (await offering)!);
    }
}
