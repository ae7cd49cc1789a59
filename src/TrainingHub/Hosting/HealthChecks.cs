using Marten;

namespace TrainingHub.Hosting;

public static class HealthChecks
{
    /// <summary>Ready means the database answers; load balancers stop sending traffic otherwise.</summary>
    public static async Task<IResult> Ready(DatabaseReadiness readiness, CancellationToken ct) =>
        await readiness.Check().WaitAsync(ct)
            ? Results.Ok(new { status = "ready" })
            : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready",
                detail: "The database does not answer.");
}

/// <summary>
/// The probes are exempt from rate limiting, so a flood of /health/ready must not become a flood of database queries:
/// concurrent probes share one check, and a finished check answers for a second.
/// </summary>
public sealed class DatabaseReadiness(IDocumentStore store, TimeProvider clock)
{
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(1);

    private sealed record Probe(long StartedAt, Task<bool> Ready);

    private readonly Lock _gate = new();
    private Probe? _last;

    public Task<bool> Check()
    {
        lock (_gate)
        {
            if (_last is null || (_last.Ready.IsCompleted && clock.GetElapsedTime(_last.StartedAt) >= Reuse))
                _last = new Probe(clock.GetTimestamp(), Query());
            return _last.Ready;
        }
    }

    private async Task<bool> Query()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await using var session = store.QuerySession();
            await session.QueryAsync<int>("select 1", timeout.Token);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
