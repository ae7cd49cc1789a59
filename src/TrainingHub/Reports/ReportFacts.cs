using Marten;

namespace TrainingHub.Reports;

/// <summary>
/// This node's copy of the current report facts (every <see cref="OfferingTimeline"/> and <see cref="ProgrammeTimeline"/>),
/// so a current report costs one small query instead of reading tens of thousands of documents. Each use compares the
/// projections' positions with the copy's and fetches only the documents the daemon changed since; a position that went
/// back (a rebuild) reloads everything. The copy is never ahead of, nor more than one request behind, the database.
/// </summary>
public sealed class ReportFacts
{
    public sealed record Snapshot(long OfferingsPosition, long ProgrammesPosition,
        IReadOnlyDictionary<Guid, OfferingTimeline> Offerings, IReadOnlyDictionary<Guid, ProgrammeTimeline> Programmes);

    private static readonly Snapshot Empty =
        new(-1, -1, new Dictionary<Guid, OfferingTimeline>(), new Dictionary<Guid, ProgrammeTimeline>());

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private Snapshot _snapshot = Empty;

    /// <summary>
    /// Drops the copy. Positions only move forward or restart from zero in a rebuild; a data reset (tests) can rebuild
    /// a different world that ends at the same positions, so whoever resets must call this.
    /// </summary>
    public void Forget() => _snapshot = Empty;

    public async Task<Snapshot> CurrentAsync(IQuerySession session, CancellationToken ct)
    {
        var (offeringsAt, programmesAt) = await PositionsAsync(session, ct);
        var snapshot = _snapshot;
        if (snapshot.OfferingsPosition == offeringsAt && snapshot.ProgrammesPosition == programmesAt) return snapshot;

        await _refreshing.WaitAsync(ct);
        try
        {
            snapshot = _snapshot;
            if (snapshot.OfferingsPosition == offeringsAt && snapshot.ProgrammesPosition == programmesAt) return snapshot;

            var offerings = snapshot.Offerings;
            if (offeringsAt != snapshot.OfferingsPosition)
            {
                var since = offeringsAt < snapshot.OfferingsPosition ? -1 : snapshot.OfferingsPosition;
                var changed = await session.Query<OfferingTimeline>().Where(t => t.LastSequence > since).ToListAsync(ct);
                offerings = Merge(since < 0 ? null : offerings, changed, t => t.Id);
            }
            var programmes = snapshot.Programmes;
            if (programmesAt != snapshot.ProgrammesPosition)
            {
                var since = programmesAt < snapshot.ProgrammesPosition ? -1 : snapshot.ProgrammesPosition;
                var changed = await session.Query<ProgrammeTimeline>().Where(t => t.LastSequence > since).ToListAsync(ct);
                programmes = Merge(since < 0 ? null : programmes, changed, t => t.Id);
            }
            // Positions read before the documents: documents may be newer than the positions, never older.
            return _snapshot = new Snapshot(offeringsAt, programmesAt, offerings, programmes);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private static IReadOnlyDictionary<Guid, T> Merge<T>(IReadOnlyDictionary<Guid, T>? known, IReadOnlyList<T> changed,
        Func<T, Guid> id)
    {
        if (known is not null && changed.Count == 0) return known;
        // Copy on write: reports computing from the previous snapshot keep a stable view.
        var merged = known is null ? new Dictionary<Guid, T>(changed.Count) : new Dictionary<Guid, T>(known);
        foreach (var document in changed) merged[id(document)] = document;
        return merged;
    }

    private static async Task<(long Offerings, long Programmes)> PositionsAsync(IQuerySession session, CancellationToken ct)
    {
        var progress = await session.DocumentStore.Advanced.AllProjectionProgress(token: ct);
        long PositionOf(string projection) =>
            progress.FirstOrDefault(p => p.ShardName.StartsWith(projection + ":", StringComparison.Ordinal))?.Sequence ?? 0;
        return (PositionOf(OfferingTimelineProjection.Name), PositionOf(nameof(ProgrammeTimeline)));
    }
}
