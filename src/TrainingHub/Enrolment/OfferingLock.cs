using Marten;
using TrainingHub.Access;
using TrainingHub.Catalogue;
using TrainingHub.Kernel;

namespace TrainingHub.Enrolment;

/// <summary>
/// Seats never oversell because every command that can move a seat first takes a row lock on the offering's
/// stream (SELECT ... FOR UPDATE through Marten's FetchForExclusiveWriting) and holds it until commit. The lock
/// lives in PostgreSQL, so it serialises those commands across any number of API nodes.
/// </summary>
public static class OfferingLock
{
    public static IDocumentSession OpenSession(IDocumentStore store, Caller caller)
    {
        var session = store.LightweightSession();
        // The acting organisation is recorded on every event (user_name), as Wolverine does for its own sessions.
        session.LastModifiedBy = caller.OrganisationId.ToString();
        return session;
    }

    /// <summary>Locks the offering stream for this session's transaction and returns the current offering.</summary>
    public static async Task<Offering?> Acquire(IDocumentSession session, Guid offeringId, CancellationToken ct)
    {
        var stream = await session.Events.FetchForExclusiveWriting<Offering>(offeringId, ct);
        return stream.Aggregate;
    }

}

public static class EnrolmentLookup
{
    /// <summary>
    /// Finds the enrolment, checks the caller may see it (else 404, so its existence is not revealed), then locks its
    /// offering and returns the offering as it is under the lock.
    /// </summary>
    public static async Task<(EnrolmentView? View, Offering? Offering, Microsoft.AspNetCore.Mvc.ProblemDetails Problem)> LockForChange(
        IDocumentSession session, Guid enrolmentId, Caller caller, CancellationToken ct)
    {
        var view = await session.LoadAsync<EnrolmentView>(enrolmentId, ct);
        if (view is null || !caller.MayRead(view))
            return (null, null, Problems.NotFound("Enrolment", enrolmentId));
        var offering = await OfferingLock.Acquire(session, view.OfferingId, ct);
        return (view, offering, Problems.None);
    }
}
