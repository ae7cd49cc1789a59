using System.Diagnostics;
using System.Net;
using Alba;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;
using Xunit.Abstractions;

namespace TrainingHub.IntegrationTests.Hosting;

public class RateLimitTests(AppFixture fixture, ITestOutputHelper output) : IntegrationContext(fixture)
{
    private const string Attacker = "203.0.113.66";

    /// <summary>A host of its own on the shared database, with the given TrainingHub settings (paths under "TrainingHub:").</summary>
    private async Task<IAlbaHost> HostWith(params (string Name, string Value)[] settings)
    {
        var host = await Fixture.StartAnotherHost("Development",
            [.. settings.Select(s => ("TrainingHub:" + s.Name, s.Value))]);
        // Warm up from an address no test uses: a cold first request takes long enough for buckets to refill.
        foreach (var url in new[] { "/dashboard", "/openapi/v1.json", "/api/reference/levels", "/health/ready" })
            await Get(host, url, "192.0.2.1", RandomKey());
        return host;
    }

    /// <summary>A GET from the given connection address (the test server has none unless told).</summary>
    private static async Task<(int Status, double Milliseconds)> Get(IAlbaHost host, string url, string? address,
        string? key = null, string? forwardedFor = null)
    {
        var clock = Stopwatch.StartNew();
        var result = await host.Scenario(s =>
        {
            s.IgnoreStatusCode();
            s.Get.Url(url);
            if (address is not null) s.ConfigureHttpContext(http => http.Connection.RemoteIpAddress = IPAddress.Parse(address));
            if (key is not null) s.WithRequestHeader(ApiKeyAuthentication.Header, key);
            if (forwardedFor is not null) s.WithRequestHeader("X-Forwarded-For", forwardedFor);
        });
        return (result.Context.Response.StatusCode, clock.Elapsed.TotalMilliseconds);
    }

    private static string RandomKey() => "th_" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_noisy_key_gets_429_with_retry_after_while_other_keys_are_served()
    {
        var noisy = await Api.NewOrganisationWithKey("Noisy portal", Roles.Partner);
        var quiet = await Api.NewOrganisationWithKey("Quiet portal", Roles.Partner);

        await using var limited = await HostWith(("RateLimit:PermitsPerSecond", "2"), ("RateLimit:Burst", "5"));
        var api = new Api(limited);
        var burst = new List<Response>();
        for (var i = 0; i < 12; i++) burst.Add(await api.Get("/api/reference/levels", noisy.Key));

        Assert.True(burst.Count(r => r.Status == 200) is >= 5 and <= 7, string.Join(",", burst.Select(r => r.Status)));
        var rejected = burst.First(r => r.Status == 429);
        rejected.ShouldBe(429);
        Assert.True(int.Parse(rejected.Headers.Get("Retry-After")!) >= 1);

        (await api.Get("/api/reference/levels", quiet.Key)).ShouldBe(200);
    }

    [Fact]
    public async Task An_anonymous_flood_from_one_address_limits_that_address_only_and_never_the_health_probes()
    {
        await using var limited = await HostWith(("RateLimit:PerAddressPermitsPerSecond", "1"), ("RateLimit:PerAddressBurst", "5"));

        var flood = new List<int>();
        for (var i = 0; i < 40; i++) flood.Add((await Get(limited, "/dashboard", Attacker)).Status);
        Assert.True(flood.Count(s => s == 200) is >= 5 and <= 8, string.Join(",", flood));
        Assert.Equal(429, flood[^1]);

        // The flooding address itself still passes the probes, as often as a load balancer likes.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(200, (await Get(limited, "/health/live", Attacker)).Status);
            Assert.Equal(200, (await Get(limited, "/health/ready", Attacker)).Status);
        }
        // A key on a probe is looked up by authentication, so it is charged like anywhere else.
        Assert.Equal(429, (await Get(limited, "/health/live", Attacker, RandomKey())).Status);

        // Another client is served: the flood spent only its own address's budget.
        Assert.Equal(200, (await Get(limited, "/dashboard", "198.51.100.7")).Status);
        Assert.Equal(200, (await Get(limited, "/openapi/v1.json", "198.51.100.7")).Status);
    }

    [Fact]
    public async Task A_flood_of_probes_runs_at_most_one_database_check_per_second()
    {
        await using var limited = await HostWith();
        using var queries = new SqlCounter("select 1");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 300; i++) Assert.Equal(200, (await Get(limited, "/health/ready", Attacker)).Status);

        Assert.True(queries.Count <= clock.Elapsed.TotalSeconds + 2, $"{queries.Count} checks in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_random_key_flood_is_cut_off_at_its_address_budget_without_looking_keys_up()
    {
        var organisationId = await Api.RegisterOrganisation("Portal");
        var issued = await Api.Post($"/api/organisations/{organisationId}/api-keys", Api.AdminKey, new { role = Roles.Partner });
        var (key, keyId) = (issued.Json["key"]!.GetValue<string>(), issued.Json["id"]!.GetValue<Guid>());
        await using var limited = await HostWith(("RateLimit:PerAddressPermitsPerSecond", "1"), ("RateLimit:PerAddressBurst", "5"));
        // The partner's key proves itself once; from then on the attacker's address budget is not its concern.
        Assert.Equal(200, (await Get(limited, "/api/reference/levels", Attacker, key)).Status);

        using var lookups = new SqlCounter("apikeycredential");
        var statuses = new List<int>();
        for (var i = 0; i < 200; i++) statuses.Add((await Get(limited, "/api/reference/levels", Attacker, RandomKey())).Status);

        var unauthorised = statuses.Count(s => s == 401);
        Assert.True(unauthorised is >= 1 and <= 8, string.Join(",", statuses));
        Assert.Equal(200 - unauthorised, statuses.Count(s => s == 429));
        // Only the requests within the budget reached the credential table (one lookup each), none of the 429s.
        Assert.InRange(lookups.Count, 1, unauthorised);

        Assert.Equal(200, (await Get(limited, "/api/reference/levels", Attacker, key)).Status);

        // Revocation still stops the key on its very next request, and then it is just another unknown key.
        (await Api.Send(HttpMethod.Delete, $"/api/organisations/{organisationId}/api-keys/{keyId}", Api.AdminKey)).ShouldBe(204);
        Assert.Equal(401, (await Get(limited, "/api/reference/levels", Attacker, key)).Status);
        Assert.Equal(429, (await Get(limited, "/api/reference/levels", Attacker, key)).Status);
    }

    [Fact]
    public async Task A_random_key_flood_does_not_slow_a_valid_key_down()
    {
        var partner = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        // The shipped per-address budget; the per-key budget stays out of the way (fixture settings).
        await using var limited = await HostWith(("RateLimit:PerAddressPermitsPerSecond", "10"), ("RateLimit:PerAddressBurst", "50"));
        const string partnerAddress = "198.51.100.20";

        async Task<double[]> Measure()
        {
            var latencies = new double[200];
            for (var i = 0; i < latencies.Length; i++)
            {
                var (status, milliseconds) = await Get(limited, "/api/reference/levels", partnerAddress, partner.Key);
                Assert.Equal(200, status);
                latencies[i] = milliseconds;
            }
            return latencies;
        }

        await Measure(); // warm-up
        var alone = await Measure();

        // Four senders, each pausing a millisecond between requests: a flood of several hundred requests per second
        // that leaves the measured requests some CPU, since the attacker's own client runs on this 2-core machine too.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var flooded = 0;
        var flood = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 5_000 && !stop.IsCancellationRequested; i++)
            {
                await Get(limited, "/api/reference/levels", Attacker, RandomKey());
                Interlocked.Increment(ref flooded);
                await Task.Delay(1);
            }
        })).ToArray();
        var during = new List<double>();
        int floodedDuring;
        try
        {
            while (Volatile.Read(ref flooded) < 100) await Task.Delay(10); // the flood is under way
            // Measure until the flood has sent at least as many requests as the valid key (bounded by the stop).
            var atStart = Volatile.Read(ref flooded);
            do during.AddRange(await Measure());
            while (Volatile.Read(ref flooded) - atStart < 200 && !stop.IsCancellationRequested);
            floodedDuring = Volatile.Read(ref flooded) - atStart;
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(flood);
        }

        double Percentile(double[] values, double p) => values.Order().ElementAt((int)Math.Ceiling(p * values.Length) - 1);
        var (baseP50, baseP95, floodP50, floodP95) =
            (Percentile(alone, 0.5), Percentile(alone, 0.95), Percentile([.. during], 0.5), Percentile([.. during], 0.95));
        Assert.True(floodedDuring >= 200, $"only {floodedDuring} flood requests while measuring");
        output.WriteLine($"valid key alone: median {baseP50:0.00} ms, p95 {baseP95:0.00} ms; during a flood of " +
                         $"{floodedDuring} random-key requests: median {floodP50:0.00} ms, p95 {floodP95:0.00} ms");
        Assert.True(floodP95 < Math.Max(3 * baseP95, baseP95 + 50),
            $"p95 {floodP95:0.00} ms during the flood against {baseP95:0.00} ms alone");
    }

    [Fact]
    public async Task X_forwarded_for_selects_the_bucket_only_from_a_known_proxy()
    {
        const string proxy = "10.0.0.5";
        await using var limited = await HostWith(("ForwardedHeaders:KnownProxies", proxy),
            ("RateLimit:PerAddressPermitsPerSecond", "1"), ("RateLimit:PerAddressBurst", "3"));

        // From anyone else the header is ignored: a fresh made-up client address per request still spends one bucket.
        foreach (var address in new[] { "192.0.2.50", null })
        {
            var spoofed = new List<int>();
            for (var i = 0; i < 10; i++) spoofed.Add((await Get(limited, "/dashboard", address, forwardedFor: $"198.51.100.{i + 1}")).Status);
            Assert.True(spoofed.Count(s => s == 200) is >= 3 and <= 5, $"{address}: {string.Join(",", spoofed)}");
        }

        // Through the proxy each client has its own bucket.
        var first = new List<int>();
        for (var i = 0; i < 10; i++) first.Add((await Get(limited, "/dashboard", proxy, forwardedFor: "198.51.100.1")).Status);
        Assert.True(first.Count(s => s == 200) is >= 3 and <= 5, string.Join(",", first));
        Assert.Equal(429, first[^1]);
        Assert.Equal(200, (await Get(limited, "/dashboard", proxy, forwardedFor: "198.51.100.2")).Status);
    }

    /// <summary>Counts the SQL commands Npgsql runs in this process whose text contains a fragment.</summary>
    private sealed class SqlCounter : IDisposable
    {
        private readonly ActivityListener _listener;
        private int _count;

        public SqlCounter(string fragment)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (activity.TagObjects.Any(t => t.Value is string text && text.Contains(fragment, StringComparison.OrdinalIgnoreCase)))
                        Interlocked.Increment(ref _count);
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public int Count => Volatile.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
