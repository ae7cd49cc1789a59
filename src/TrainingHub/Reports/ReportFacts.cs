using Marten;
using TrainingHub.Reference;

namespace TrainingHub.Reports;

/// <summary>
/// This node's copy of the current report facts (every <see cref="OfferingTimeline"/> and <see cref="ProgrammeTimeline"/>),
/// so a current report costs one small query instead of reading tens of thousands of documents. Each use compares the
/// projections' positions with the copy's and fetches only the documents the daemon changed since; a position that went
/// back (a rebuild) reloads everything. The copy is never ahead of, nor more than one request behind, the database.
/// </summary>
public sealed class ReportFacts(ReferenceData reference)
{
    /// <summary>
    /// An offering's current facts, and the <see cref="ScopedOffering"/>s made of them: one with its programme's latest
    /// version, one with the last earlier version asked for (a report as of some instant), each reused while that
    /// scoped programme version is the same object. So neither current nor repeated asOf reports allocate per offering,
    /// and one does not evict the other.
    /// </summary>
    public sealed class CurrentOffering(OfferingTimeline timeline)
    {
        private ScopedOffering? _scoped, _scopedEarlier;

        public OfferingTimeline Timeline => timeline;
        // Copied in: a pass over every offering then reads one object per offering.
        public DateTimeOffset From { get; } = timeline.Current.From;
        public DateOnly StartDate { get; } = timeline.Current.StartDate;
        public Guid ProgrammeId { get; } = timeline.ProgrammeId;
        public Guid Id { get; } = timeline.Id;

        public ScopedOffering ScopedWith(ScopedProgramme programme, CodeOrdinals codes)
        {
            var latest = programme.IsLatest;
            var scoped = latest ? _scoped : _scopedEarlier;
            if (scoped is not null && ReferenceEquals(scoped.Programme, programme)) return scoped;
            // Racing requests may both build it; either result is the same.
            scoped = ScopedOffering.Of(timeline.Id, timeline.ProviderId, timeline.Current, programme, codes);
            if (latest) _scoped = scoped;
            else _scopedEarlier = scoped;
            return scoped;
        }
    }

    /// <summary>A programme's dated facts, each version scoped once (the latest at once, earlier ones when asked for).</summary>
    public sealed class CurrentProgramme(ProgrammeTimeline timeline, CodeOrdinals codes)
    {
        private readonly ScopedProgramme?[] _scoped = new ScopedProgramme?[timeline.Versions.Count];

        public ProgrammeTimeline Timeline => timeline;

        public ScopedProgramme? Latest { get; } =
            timeline.Versions.Count == 0 ? null
                : ScopedProgramme.Of(timeline.Id, timeline.Versions[^1], codes) with { IsLatest = true };

        public ScopedProgramme? At(DateTimeOffset asOf)
        {
            if (Latest is not null && Latest.Version.From <= asOf) return Latest;
            var index = Reports.Timeline.IndexAt(timeline.Versions, v => v.From, asOf);
            // Racing requests may both build it; either result is the same.
            return index < 0 ? null : _scoped[index] ??= ScopedProgramme.Of(timeline.Id, timeline.Versions[index], codes);
        }
    }

    public sealed record Snapshot(long OfferingsPosition, long ProgrammesPosition,
        IReadOnlyDictionary<Guid, CurrentOffering> Offerings, IReadOnlyDictionary<Guid, CurrentProgramme> Programmes)
    {
        /// <summary>The offerings in one array, by start date then id: reports scan it start to end, and the overlap
        /// scan needs that order.</summary>
        public CurrentOffering[] OfferingList { get; } = InStartOrder(Offerings.Values);

        private static CurrentOffering[] InStartOrder(IEnumerable<CurrentOffering> offerings)
        {
            CurrentOffering[] list = [.. offerings];
            Array.Sort(list, (x, y) =>
            {
                var order = x.StartDate.CompareTo(y.StartDate);
                return order != 0 ? order : x.Id.CompareTo(y.Id);
            });
            return list;
        }
    }

    private static readonly Snapshot Empty =
        new(-1, -1, new Dictionary<Guid, CurrentOffering>(), new Dictionary<Guid, CurrentProgramme>());

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private Snapshot _snapshot = Empty;

    /// <summary>
    /// Drops the copy. Positions only move forward or restart from zero in a rebuild; a data reset (tests) can rebuild
    /// a different world that ends at the same positions, so whoever resets must call this.
    /// </summary>
    public void Forget() => _snapshot = Empty;

    /// <summary>How long a report waits for the facts to include a caller's minPosition: the daemon normally passes a
    /// write well within a second, and a gap left by a transaction that rolled back within about three.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>The current facts and what they include; with <paramref name="minPosition"/>, once they include every
    /// event up to it (<see cref="FactsBehindException"/> when that does not happen within <see cref="MaxWait"/>).</summary>
    public async Task<(Snapshot Snapshot, Freshness Freshness)> CurrentAsync(IQuerySession session, long? minPosition,
        CancellationToken ct)
    {
        var positions = await FactPositions.ReadAsync(session, ct);
        if (minPosition is { } wanted && positions.Reports < wanted)
            positions = await WaitForAsync(session, positions, wanted, ct);
        return (await RefreshedAsync(session, positions.Offerings, positions.Programmes, ct), positions.Freshness);
    }

    private static async Task<FactPositions> WaitForAsync(IQuerySession session, FactPositions positions, long wanted,
        CancellationToken ct)
    {
        if (wanted > positions.Issued) throw new FactsBehindException(positions.Freshness, wanted, neverIssued: true);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (positions.Reports < wanted)
        {
            if (waited.Elapsed >= MaxWait) throw new FactsBehindException(positions.Freshness, wanted, neverIssued: false);
            await Task.Delay(PollInterval, ct);
            positions = await FactPositions.ReadAsync(session, ct);
        }
        return positions;
    }

    private async Task<Snapshot> RefreshedAsync(IQuerySession session, long offeringsAt, long programmesAt, CancellationToken ct)
    {
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
                offerings = Merge(since < 0 ? null : offerings, [.. changed.Select(t => new CurrentOffering(t))], o => o.Timeline.Id);
            }
            var programmes = snapshot.Programmes;
            if (programmesAt != snapshot.ProgrammesPosition)
            {
                var since = programmesAt < snapshot.ProgrammesPosition ? -1 : snapshot.ProgrammesPosition;
                var changed = await session.Query<ProgrammeTimeline>().Where(t => t.LastSequence > since).ToListAsync(ct);
                programmes = Merge(since < 0 ? null : programmes,
                    [.. changed.Select(t => new CurrentProgramme(t, reference.Ordinals))], p => p.Timeline.Id);
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
}
