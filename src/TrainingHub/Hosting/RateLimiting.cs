using System.Globalization;
using System.Net;
using System.Net.Sockets;
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

    /// <summary>Sustained requests per second per client address without a proven API key (none, unknown, revoked).</summary>
    public int PerAddressPermitsPerSecond { get; set; } = 10;

    /// <summary>Burst a client address may spend at once without a proven API key.</summary>
    public int PerAddressBurst { get; set; } = 50;

    public void Validate()
    {
        if (PermitsPerSecond < 1 || Burst < 1 || PerAddressPermitsPerSecond < 1 || PerAddressBurst < 1)
            throw new InvalidOperationException(
                "TrainingHub:RateLimit: PermitsPerSecond, Burst, PerAddressPermitsPerSecond and PerAddressBurst must be at least 1.");
    }
}

/// <summary>
/// Two token-bucket limiters around authentication. Before it, a bucket per client address charges every request
/// without a proven key, so a flood of anonymous or made-up keys is cut off before any key is looked up in the
/// database. After it, a bucket per API key, so one noisy partner site cannot starve the others. Requests without a key
/// to the health probes are never limited. Rejections are 429 problem+json with Retry-After.
/// </summary>
/// <remarks>
/// Partitions live in the built-in <see cref="PartitionedRateLimiter"/>, which drops a partition once its bucket has
/// been full (idle) for about 10 s, so the number of address partitions is bounded by the addresses seen in the last
/// seconds. IPv6 clients are bucketed by their /64, the block one subscriber usually holds.
/// </remarks>
public static class RateLimiting
{
    public static IServiceCollection AddPerKeyRateLimiting(this IServiceCollection services, RateLimitOptions limits)
    {
        limits.Validate();
        services.AddSingleton(limits);
        services.AddSingleton<ProvenApiKeys>();
        // Registers the limiter's services; the two limiters are built in UseRateLimiting with their own options.
        return services.AddRateLimiter(_ => { });
    }

    /// <summary>Marks an endpoint that requests without a key may call without limit (health probes).</summary>
    public static TBuilder ExemptFromRateLimiting<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new RateLimitExempt());

    /// <summary>The per-address limiter, then authentication, then the per-key limiter.</summary>
    public static IApplicationBuilder UseRateLimitedAuthentication(this IApplicationBuilder app)
    {
        var limits = app.ApplicationServices.GetRequiredService<RateLimitOptions>();
        var proven = app.ApplicationServices.GetRequiredService<ProvenApiKeys>();

        app.UseRateLimiter(new RateLimiterOptions
        {
            GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                ChargesAddress(http, proven)
                    ? RateLimitPartition.GetTokenBucketLimiter("address:" + AddressPartition(http.Connection.RemoteIpAddress),
                        _ => Bucket(limits.PerAddressPermitsPerSecond, limits.PerAddressBurst))
                    : RateLimitPartition.GetNoLimiter("")),
            OnRejected = (context, _) => Reject(context,
                $"This client address sent more than {limits.PerAddressPermitsPerSecond} requests per second " +
                $"(bursts up to {limits.PerAddressBurst}) without a valid API key"),
        });
        app.UseAuthentication();
        app.UseRateLimiter(new RateLimiterOptions
        {
            // Unauthenticated requests were charged to their address before authentication.
            GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.User.Identity?.IsAuthenticated == true
                    ? RateLimitPartition.GetTokenBucketLimiter(
                        "key:" + (http.User.FindFirst(CallerClaims.KeyId)?.Value ?? http.User.Identity.Name),
                        _ => Bucket(limits.PermitsPerSecond, limits.Burst))
                    : RateLimitPartition.GetNoLimiter("")),
            OnRejected = (context, _) => Reject(context,
                $"This API key sent more than {limits.PermitsPerSecond} requests per second (bursts up to {limits.Burst})"),
        });
        return app;
    }

    /// <summary>
    /// A request is charged to its address unless its key was proven valid by an earlier request; a proven key is
    /// still looked up on every request (so revocation stops it at once) and is charged to its own bucket instead.
    /// A request carrying any key is charged even on the health probes, since authentication looks its key up.
    /// </summary>
    private static bool ChargesAddress(HttpContext http, ProvenApiKeys proven)
    {
        if (!http.Request.Headers.TryGetValue(ApiKeyAuthentication.Header, out var key))
            return http.GetEndpoint()?.Metadata.GetMetadata<RateLimitExempt>() is null;
        return !proven.Contains(key.ToString());
    }

    internal static string AddressPartition(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static TokenBucketRateLimiterOptions Bucket(int permitsPerSecond, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = permitsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask Reject(OnRejectedContext context, string what)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : 1;
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"{what}; retry after {retryAfter} s.",
            },
        });
    }

    private sealed class RateLimitExempt;
}
