using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using Wolverine.Http;

namespace TrainingHub.Reports;

/// <summary>lag: committed events' positions ahead of the projection's (0 once it includes every committed event).</summary>
public sealed record ProjectionPosition(string Name, long Position, long Lag);

/// <summary>
/// highestCommitted: the highest position of a committed event. highestSequence: the highest position handed out,
/// including those of transactions that rolled back or are still open. highWaterMark: how far the daemon knows the
/// positions to be complete (it waits at a gap until it is filled or known to be a rollback). upToDate: every async
/// projection includes every committed event. reports: what the reports include now.
/// </summary>
public sealed record ReportsStatus(long HighestCommitted, long HighestSequence, long HighWaterMark, bool UpToDate, Freshness Reports, IReadOnlyList<ProjectionPosition> Projections);

/// <summary>Each async projection's position and lag against the highest committed event (status and metrics).</summary>
public sealed record ProjectionsProgress(FactPositions Positions, long HighWaterMark, IReadOnlyList<ProjectionPosition> Projections)
{
    /// <summary>The report projections count as at 0 until they have run.</summary>
    public bool UpToDate => Positions.Freshness.UpToDate && Projections.All(p => p.Lag == 0);

    public static async Task<ProjectionsProgress> ReadAsync(IQuerySession session, CancellationToken ct)
    {
        // Progress first, the committed mark after: a write in between can make a lag look larger, never hide one.
        var progress = await session.DocumentStore.Advanced.AllProjectionProgress(token: ct);
        var positions = await FactPositions.ReadAsync(session, ct);
        var projections = progress.Where(p => p.ShardName is not ("HighWaterMark" or "HighWaterAllocationFence"))
            .OrderBy(p => p.ShardName, StringComparer.Ordinal)
            .Select(p => new ProjectionPosition(p.ShardName, p.Sequence, Math.Max(0, positions.Committed - p.Sequence)))
            .ToList();
        var highWaterMark = progress.FirstOrDefault(p => p.ShardName == "HighWaterMark")?.Sequence ?? 0;
        return new ProjectionsProgress(positions, highWaterMark, projections);
    }
}

/// <summary>How far the async projections behind the reports and the partner feed trail the committed events.</summary>
public static class GetReportsStatusEndpoint
{
    [WolverineGet("/api/reports/status", OperationId = "getReportsStatus")]
    [Authorize(Policy = Roles.Policies.Analyst)]
    [ProducesResponseType<ReportsStatus>(StatusCodes.Status200OK)]
    public static async Task<ReportsStatus> Get(IQuerySession session, CancellationToken ct)
    {
        // No event count: counting millions of events took seconds; positions are index lookups.
        var progress = await ProjectionsProgress.ReadAsync(session, ct);
        var positions = progress.Positions;
        return new ReportsStatus(positions.Committed, positions.Issued, progress.HighWaterMark, progress.UpToDate,
            positions.Freshness, progress.Projections);
    }
}
