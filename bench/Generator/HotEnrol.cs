using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace TrainingHub.Bench.Generator;

/// <summary>
/// The hot-offering load of bench/write.sh: exactly N enrolments into one offering from a fixed number of concurrent
/// workers, each request a new person (fresh e-mail and Idempotency-Key). wrk runs for a duration and cannot say when
/// each request completed; this writes one line per request, in completion order, so the script can cut the run into
/// blocks of 1,000 and see whether the rate holds up as the offering fills and its waitlist grows.
/// </summary>
internal static class HotEnrol
{
    public const string Usage = """
        Usage: TrainingHub.Bench.Generator hot-enrol --url <base> --offering <id> --key <partner-key> --requests <n>
                 [--concurrency 16] [--run <id>] --out <file>
          Sends exactly <n> enrolments (POST /api/offerings/<id>/enrolments), <concurrency> at a time, each with a new
          Idempotency-Key and e-mail (hot-<run>-<i>). Writes one tab-separated line per request, in completion order:
          request index, completion time (ms since the first request started), latency (ms), HTTP status
          (0 = no answer: connection error or a 60 s timeout).
        """;

    private sealed record Outcome(int Index, double CompletedMs, double LatencyMs, int Status);

    public static async Task<int> RunAsync(string[] args)
    {
        Uri baseUrl;
        Guid offering;
        string key, run, output;
        int requests, concurrency;
        try
        {
            var options = ParseOptions(args);
            baseUrl = new Uri(options["url"]);
            offering = Guid.Parse(options["offering"]);
            key = options["key"];
            requests = int.Parse(options["requests"], CultureInfo.InvariantCulture);
            concurrency = options.TryGetValue("concurrency", out var c) ? int.Parse(c, CultureInfo.InvariantCulture) : 16;
            run = options.TryGetValue("run", out var r) ? r : DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            output = options["out"];
            if (requests < 1 || concurrency < 1) throw new ArgumentException("--requests and --concurrency must be at least 1");
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException or OverflowException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        // One keep-alive connection per worker, as wrk holds its connections.
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        };
        using var client = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        var path = $"/api/offerings/{offering}/enrolments";
        var outcomes = new Outcome[requests];
        var issued = -1;
        var completed = -1;
        var clock = Stopwatch.StartNew();

        async Task Worker()
        {
            while (true)
            {
                var i = Interlocked.Increment(ref issued);
                if (i >= requests) return;
                var id = $"hot-{run}-{i}";
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Body(id, i) };
                request.Headers.Add("X-Api-Key", key);
                request.Headers.Add("Idempotency-Key", id);
                var started = clock.Elapsed;
                int status;
                try
                {
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                    status = (int)response.StatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    status = 0;
                }
                var ended = clock.Elapsed;
                outcomes[Interlocked.Increment(ref completed)] =
                    new Outcome(i, ended.TotalMilliseconds, (ended - started).TotalMilliseconds, status);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker)));
        var seconds = clock.Elapsed.TotalSeconds;

        await using (var file = new StreamWriter(output, append: false, Encoding.ASCII))
        {
            foreach (var o in outcomes.OrderBy(o => o.CompletedMs))
                await file.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{o.Index}\t{o.CompletedMs:F3}\t{o.LatencyMs:F3}\t{o.Status}"));
        }
        var failed = outcomes.Count(o => o.Status is < 200 or > 299);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hot-enrol: {requests} requests in {seconds:F1} s ({requests / seconds:F1}/s), {failed} not 2xx -> {output}"));
        return 0;
    }

    private static readonly string[] Sexes = ["female", "male", "female", "male", "other", "undisclosed"];
    private static readonly string[] Countries = ["KAZ", "KGZ", "UZB", "TJK", "MEX", "BTN", "STP", "AZE", "KEN", "NGA", "SEN", "PHL"];
    private static readonly string[] OrganisationTypes = ["nso", "ministry", "migration-agency", "border-agency", "academia", "ngo"];

    // The same body as bench/enrol.lua: a new person each time (ids are [A-Za-z0-9-], no JSON escaping needed).
    private static StringContent Body(string id, int i)
    {
        var json = string.Create(CultureInfo.InvariantCulture,
            $$"""{"trainee":{"email":"{{id}}@bench.example.org","givenName":"Hot {{i}}","familyName":"Trainee {{i}}","sex":"{{Sexes[i % Sexes.Length]}}","countryOfResidence":"{{Countries[i % Countries.Length]}}","organisation":"Bench statistical office","organisationType":"{{OrganisationTypes[i % OrganisationTypes.Length]}}"},"partnerReference":"{{id}}"}""");
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            options[args[i][2..]] = args[i + 1];
        }
        foreach (var required in new[] { "url", "offering", "key", "requests", "out" })
            if (!options.ContainsKey(required)) throw new ArgumentException($"--{required} is required");
        if (options.TryGetValue("run", out var run) && !run.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-'))
            throw new ArgumentException("--run: letters, digits and '-' only");
        return options;
    }
}
