using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using Wolverine.Http;

namespace TrainingHub.Reports;

public sealed record ProjectionPosition(string Name, long Position, long Lag);

/// <summary>
/// highWaterMark: the highest sequence the daemon knows to be complete (sequence numbers taken by transactions that
/// rolled back leave gaps it skips after a moment); lag is measured against it.
/// </summary>
public sealed record ReportsStatus(long HighestSequence, long HighWaterMark, long EventCount, IReadOnlyList<ProjectionPosition> Projections);

/// <summary>How far the async projections behind the reports trail the event store.</summary>
public static class GetReportsStatusEndpoint
{
    [WolverineGet("/api/reports/status", OperationId = "getReportsStatus")]
    [Authorize(Policy = Roles.Policies.Analyst)]
    [ProducesResponseType<ReportsStatus>(StatusCodes.Status200OK)]
    public static async Task<ReportsStatus> Get(IDocumentStore store, CancellationToken ct)
    {
        var statistics = await store.Advanced.FetchEventStoreStatistics(token: ct);
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        var highWaterMark = progress.FirstOrDefault(p => p.ShardName == "HighWaterMark")?.Sequence ?? 0;
        return new ReportsStatus(statistics.EventSequenceNumber, highWaterMark, statistics.EventCount,
            [.. progress.Where(p => p.ShardName is not ("HighWaterMark" or "HighWaterAllocationFence"))
                .OrderBy(p => p.ShardName, StringComparer.Ordinal)
                .Select(p => new ProjectionPosition(p.ShardName, p.Sequence, Math.Max(0, highWaterMark - p.Sequence)))]);
    }
}
