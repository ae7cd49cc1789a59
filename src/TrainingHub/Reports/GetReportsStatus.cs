using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using Wolverine.Http;

namespace TrainingHub.Reports;

public sealed record ProjectionPosition(string Name, long Position, long Lag);

public sealed record ReportsStatus(long HighestSequence, long EventCount, IReadOnlyList<ProjectionPosition> Projections);

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
        var highest = statistics.EventSequenceNumber;
        return new ReportsStatus(highest, statistics.EventCount,
            [.. progress.OrderBy(p => p.ShardName, StringComparer.Ordinal)
                .Select(p => new ProjectionPosition(p.ShardName, p.Sequence, Math.Max(0, highest - p.Sequence)))]);
    }
}
