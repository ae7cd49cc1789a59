using Marten;
using TrainingHub.Access;

namespace TrainingHub.Offerings;

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
