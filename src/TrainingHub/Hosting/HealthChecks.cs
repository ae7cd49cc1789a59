using Marten;

namespace TrainingHub.Hosting;

public static class HealthChecks
{
    /// <summary>Ready means the database answers; load balancers stop sending traffic otherwise.</summary>
    public static async Task<IResult> Ready(IDocumentStore store, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using var session = store.QuerySession();
            await session.QueryAsync<int>("select 1", timeout.Token);
            return Results.Ok(new { status = "ready" });
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready",
                detail: "The database does not answer.");
        }
    }
}
