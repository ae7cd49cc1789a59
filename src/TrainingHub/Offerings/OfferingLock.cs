using Marten;
using Marten.Services.BatchQuerying;

namespace TrainingHub.Offerings;

/// <summary>
/// Seats never oversell because every command that can move a seat first takes a row lock on the offering's
/// stream (SELECT ... FOR UPDATE through Marten's FetchForExclusiveWriting) and holds it until commit. The lock
/// lives in PostgreSQL, so it serialises those commands across any number of API nodes. Taken in a batch, it goes
/// first: PostgreSQL runs the batch's later reads once the lock is granted, so they see every seat change committed
/// before it.
/// </summary>
public static class OfferingLock
{
    public static async Task<Offering?> Acquire(IDocumentSession session, Guid offeringId, CancellationToken ct) =>
        (await session.Events.FetchForExclusiveWriting<Offering>(offeringId, ct)).Aggregate;

    public static async Task<Offering?> Acquire(IBatchedQuery batch, Guid offeringId) =>
        (await batch.Events.FetchForExclusiveWriting<Offering>(offeringId)).Aggregate;
}
