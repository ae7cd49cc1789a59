using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace TrainingHub.Hosting;

/// <summary>Proxies whose X-Forwarded-For names the client (comma-separated addresses and CIDR networks).</summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "TrainingHub:ForwardedHeaders";

    public string? KnownProxies { get; set; }

    public string? KnownNetworks { get; set; }
}

/// <summary>
/// Behind a proxy every client arrives from the proxy's address, so all would share one rate-limit bucket. The client
/// address is taken from X-Forwarded-For only when the connection comes from a configured proxy: anyone else could
/// write any address there and pick a fresh bucket per request. With nothing configured the header is ignored.
/// </summary>
public static class TrustedProxies
{
    public static ForwardedHeadersOptions? Options(IConfiguration configuration)
    {
        // The framework's switch trusts X-Forwarded-For from every client (it clears the known proxies).
        if (string.Equals(configuration["FORWARDEDHEADERS_ENABLED"], "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException(
                "ASPNETCORE_FORWARDEDHEADERS_ENABLED trusts X-Forwarded-For from any client; unset it and name the proxy " +
                "in TrainingHub__ForwardedHeaders__KnownProxies (or __KnownNetworks) instead.");

        var settings = configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>();
        var proxies = Split(settings?.KnownProxies)
            .Select(p => IPAddress.TryParse(p, out var address) ? address : throw Invalid("KnownProxies", p)).ToList();
        var networks = Split(settings?.KnownNetworks)
            .Select(n => System.Net.IPNetwork.TryParse(n, out var network) ? network : throw Invalid("KnownNetworks", n)).ToList();
        if (proxies.Count == 0 && networks.Count == 0) return null;

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = 1 };
        // Only what is configured: the defaults would trust any process on the loopback interface.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies) options.KnownProxies.Add(proxy);
        foreach (var network in networks) options.KnownIPNetworks.Add(network);
        return options;
    }

    public static IApplicationBuilder UseTrustedForwardedHeaders(this IApplicationBuilder app, ForwardedHeadersOptions? options) =>
        options is null
            ? app
            // A connection without an address (e.g. a Unix socket) would otherwise be treated as a trusted proxy.
            : app.UseWhen(http => http.Connection.RemoteIpAddress is not null, branch => branch.UseForwardedHeaders(options));

    private static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static InvalidOperationException Invalid(string setting, string text) =>
        new($"TrainingHub:ForwardedHeaders:{setting}: '{text}' is not an IP address or network.");
}

/// <summary>The forwarded-headers rule read at start-up (null: X-Forwarded-For is ignored).</summary>
public sealed record TrustedProxyOptions(ForwardedHeadersOptions? Options);
