using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using TrainingHub.Access;

namespace TrainingHub.Hosting;

public sealed class RateLimitOptions
{
    /// <summary>Sustained requests per second per API key.</summary>
    public int PermitsPerSecond { get; set; } = 100;

    /// <summary>Burst a key may spend at once (token bucket size).</summary>
    public int Burst { get; set; } = 200;
}

/// <summary>
/// A token bucket per API key (per client address before authentication), so one noisy partner site cannot starve
/// the others: each key spends only its own budget. Rejections are 429 problem+json with Retry-After.
/// </summary>
public static class RateLimiting
{
    public static IServiceCollection AddPerKeyRateLimiting(this IServiceCollection services, RateLimitOptions limits) =>
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitPartition.GetTokenBucketLimiter(Partition(http), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.Burst,
                    TokensPerPeriod = limits.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            options.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : 1;
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"This API key sent more than {limits.PermitsPerSecond} requests per second " +
                                 $"(bursts up to {limits.Burst}); retry after {retryAfter} s.",
                    },
                });
            };
        });

    private static string Partition(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true
            ? "key:" + (http.User.FindFirst(CallerClaims.KeyId)?.Value ?? http.User.Identity.Name)
            : "address:" + http.Connection.RemoteIpAddress;
}
