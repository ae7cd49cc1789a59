using Marten;

namespace TrainingHub.Reports;

/// <summary>
/// Which events a report's facts include. <see cref="Position"/>: every event up to this position of the event store
/// is included (the lower of the two report projections' positions; documents may be newer, never older).
/// <see cref="RecordedAt"/>: when the last of those events was recorded. <see cref="HighestCommitted"/>: the highest
/// position of a committed event right now. <see cref="UpToDate"/>: the facts include every committed event.
/// </summary>
public sealed record Freshness(long Position, DateTimeOffset? RecordedAt, long HighestCommitted, bool UpToDate);

/// <summary>The positions that say how fresh the report facts are, read together in one round trip.</summary>
public sealed record FactPositions(long Offerings, long Programmes, long Committed, long Issued, DateTimeOffset? RecordedAt)
{
    /// <summary>Reports read both projections, so they include what the slower one includes.</summary>
    public long Reports => Math.Min(Offerings, Programmes);

    /// <summary>
    /// Committed is the highest sequence in <c>mt_events</c>, not the sequence's last value: numbers taken by a
    /// transaction that rolled back never appear there, so they never make the facts look stale.
    /// </summary>
    public Freshness Freshness => new(Reports, RecordedAt, Committed, Reports >= Committed);

    public static async Task<FactPositions> ReadAsync(IQuerySession session, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var rows = await session.QueryAsync<FactPositions>($"""
            with p as (
              select (select coalesce(max(last_seq_id), 0) from {schema}.mt_event_progression where name = ?) as offerings,
                     (select coalesce(max(last_seq_id), 0) from {schema}.mt_event_progression where name = ?) as programmes,
                     (select coalesce(max(seq_id), 0) from {schema}.mt_events) as committed,
                     (select last_value from {schema}.mt_events_sequence) as issued)
            select jsonb_build_object('Offerings', offerings, 'Programmes', programmes, 'Committed', committed,
              'Issued', issued, 'RecordedAt', (select timestamp from {schema}.mt_events
                                               where seq_id <= least(offerings, programmes) order by seq_id desc limit 1))
            from p
            """, ct, OfferingTimelineProjection.Name + ":All", nameof(ProgrammeTimeline) + ":All");
        return rows[0];
    }
}

/// <summary>
/// A report asked for <c>minPosition</c> the facts do not include yet: 503 with Retry-After once the bounded wait is
/// over, or 422 when no event has been given that position at all.
/// </summary>
public sealed class FactsBehindException(Freshness freshness, long wanted, bool neverIssued)
    : Exception($"The report facts include events up to {freshness.Position}; {wanted} was asked.")
{
    public Freshness Freshness => freshness;
    public long Wanted => wanted;
    public bool NeverIssued => neverIssued;
}
