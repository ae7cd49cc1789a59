using Alba;
using System.Text;
using System.Text.Json;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Hosting;

/// <summary>
/// Oversized lists, maps, strings and files in every kind of request body: each is refused with a small 4xx
/// problem+json, and refusing it neither keeps memory nor allocates in proportion to what was sent.
/// </summary>
public class OversizedInputTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private const int MaxAnswerBytes = 64 * 1024;
    private const long MemoryBound = 50L * 1024 * 1024;

    private static string Codes(int count) => "[" + string.Join(',', Enumerable.Repeat("\"demography\"", count)) + "]";

    private static string ProgrammeWith(string field, string rawValue)
    {
        var body = JsonSerializer.SerializeToNode(Bodies.Programme(), JsonSerializerOptions.Web)!.AsObject();
        body.Remove(field);
        var json = body.ToJsonString();
        return json[..^1] + $",\"{field}\":{rawValue}}}";
    }

    private static string ScoresWith(int keys)
    {
        var builder = new StringBuilder("{\"kind\":\"pre\",\"score\":50,\"standardScores\":{");
        for (var i = 0; i < keys; i++) builder.Append(i == 0 ? "" : ",").Append("\"S").Append(i).Append("\":1");
        return builder.Append("}}").ToString();
    }

    private static string Csv(params string[] lines) => string.Join('\n', lines);

    private const string Header = "provider,title,summary,level,disciplines,standards,targetAudiences,deliveryModes,languages,regions,countries,durationHours,passMark,url,offeringStart,offeringEnd,offeringDeliveryMode,offeringVenueCountry,offeringLanguage,offeringCapacity,reportedParticipants,reportedFemale,reportedCompleted,reportedPassed";

    /// <summary>
    /// Sends one prepared request and measures the process around it: how far the managed heap (live objects and
    /// garbage not yet collected) and the process's private memory rose above where they stood before, sampled while
    /// the request runs, and what is still held after a full collection. Growth by anything else running at the same
    /// time counts too, so the bound is generous.
    /// </summary>
    private static async Task<(Response Response, long HeapRise, long PrivateRise, long Retained, TimeSpan Took)> Measure(
        Func<Task<Response>> send)
    {
        var retainedBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        process.Refresh();
        var privateBefore = process.PrivateMemorySize64;
        long heapPeak = retainedBefore, privatePeak = privateBefore;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(forceFullCollection: false));
                process.Refresh();
                privatePeak = Math.Max(privatePeak, process.PrivateMemorySize64);
                try { await Task.Delay(5, stop.Token); } catch (OperationCanceledException) { }
            }
        });
        var started = System.Diagnostics.Stopwatch.StartNew();
        var response = await send();
        var took = started.Elapsed;
        await stop.CancelAsync();
        await sampler;
        var retained = GC.GetTotalMemory(forceFullCollection: true) - retainedBefore;
        return (response, heapPeak - retainedBefore, privatePeak - privateBefore, retained, took);
    }

    /// <summary>Sends bytes prepared beforehand, so that the client adds no copy of its own to what is measured.</summary>
    private async Task<Response> SendBytes(HttpMethod method, string url, string key, byte[] body, string contentType,
        IDictionary<string, string> headers)
    {
        var result = await Host.Scenario(s =>
        {
            s.IgnoreStatusCode();
            if (method == HttpMethod.Put) s.Put.Url(url);
            else s.Post.Url(url);
            s.ConfigureHttpContext(http =>
            {
                http.Request.Body = new MemoryStream(body, writable: false);
                http.Request.ContentLength = body.Length;
                http.Request.ContentType = contentType;
            });
            s.WithRequestHeader(TrainingHub.Access.ApiKeyAuthentication.Header, key);
            foreach (var (name, value) in headers) s.WithRequestHeader(name, value);
        });
        return new Response(result.Context.Response.StatusCode, await result.ReadAsTextAsync(),
            new IHeaderDictionaryView(result.Context.Response.Headers));
    }

    [Fact]
    public async Task Oversized_lists_maps_strings_and_files_get_a_small_4xx_and_bounded_memory()
    {
        var (provider, programmeId, offeringId) = await Api.OpenOffering();
        var partner = await Api.NewOrganisationWithKey("Portal", TrainingHub.Access.Roles.Partner);
        var enrolment = (await Api.Enrol(partner.Key, offeringId, Bodies.Enrolment("big@x.org"))).ShouldBe(201)
            .Json["enrolmentId"]!.GetValue<Guid>();
        var orgId = await Api.RegisterOrganisation("Codes", "international", "CODES");
        var huge = new string('x', 200_000);
        var tooBig = new string('x', 1_000_000);
        var hugeJson = JsonSerializer.Serialize(huge);
        var tooBigJson = JsonSerializer.Serialize(tooBig);

        var cases = new List<(string Name, string Method, string Url, string Key, string Body, bool Csv)>
        {
            // Sizes a hostile caller tried: a million and five million disciplines, 100,000 standard scores.
            ("disciplines x1,000,000", "POST", "/api/programmes", provider.Key, ProgrammeWith("disciplines", Codes(1_000_000)), false),
            ("disciplines x5,000,000", "POST", "/api/programmes", provider.Key, ProgrammeWith("disciplines", Codes(5_000_000)), false),
            ("standardScores x100,000", "POST", $"/api/enrolments/{enrolment}/assessments", provider.Key, ScoresWith(100_000), false),
            // Under the JSON body limit: read no further than the maximum, one problem for the field.
            ("standardScores x15,000", "POST", $"/api/enrolments/{enrolment}/assessments", provider.Key, ScoresWith(15_000), false),
            ("standardScores, huge key", "POST", $"/api/enrolments/{enrolment}/assessments", provider.Key,
                $"{{\"kind\":\"pre\",\"score\":50,\"standardScores\":{{{hugeJson}:1}}}}", false),
            ("revise, countries x15,000", "PUT", $"/api/programmes/{programmeId}", provider.Key, ProgrammeWith("countries", Codes(15_000)), false),
            ("unknown property, 15,000 entries", "POST", "/api/programmes", provider.Key, ProgrammeWith("extra", Codes(15_000)), false),
            ("title 1 MB", "POST", "/api/programmes", provider.Key, ProgrammeWith("title", tooBigJson), false),
            ("level 200 KB", "POST", "/api/programmes", provider.Key, ProgrammeWith("level", hugeJson), false),
            // Bodies without lists: a huge string is refused by the body limit or its own rule, and never echoed whole.
            ("offering language 200 KB", "POST", $"/api/programmes/{programmeId}/offerings", provider.Key,
                JsonSerializer.Serialize(Bodies.OpenOffering().With("language", huge)), false),
            ("offering 1 MB", "POST", $"/api/programmes/{programmeId}/offerings", provider.Key,
                JsonSerializer.Serialize(Bodies.OpenOffering().With("venueCountry", tooBig)), false),
            ("enrolment 1 MB", "POST", $"/api/offerings/{offeringId}/enrolments", partner.Key,
                JsonSerializer.Serialize(Bodies.Enrolment("x@x.org", givenName: tooBig)), false),
            ("enrolment country 200 KB", "POST", $"/api/offerings/{offeringId}/enrolments", partner.Key,
                JsonSerializer.Serialize(Bodies.Enrolment("y@x.org", country: huge)), false),
            ("completion 200 KB", "POST", $"/api/enrolments/{enrolment}/completion", provider.Key,
                JsonSerializer.Serialize(new { outcome = huge }), false),
            ("capacity 1 MB", "POST", $"/api/offerings/{offeringId}/capacity", provider.Key,
                JsonSerializer.Serialize(new { capacity = 5, note = tooBig }), false),
            ("reported participation 1 MB", "POST", $"/api/offerings/{offeringId}/reported-participation", provider.Key,
                JsonSerializer.Serialize(new { participants = 5, note = tooBig }), false),
            ("cancel 1 MB", "POST", $"/api/offerings/{offeringId}/cancel", provider.Key, JsonSerializer.Serialize(new { reason = tooBig }), false),
            ("organisation kind 200 KB", "POST", "/api/organisations", Api.AdminKey,
                JsonSerializer.Serialize(new { name = "Org", kind = huge, code = "ORG" }), false),
            ("organisation code 200 KB", "POST", "/api/organisations", Api.AdminKey,
                JsonSerializer.Serialize(new { name = "Org", kind = "ngo", code = huge }), false),
            ("api key role 200 KB", "POST", $"/api/organisations/{orgId}/api-keys", Api.AdminKey,
                JsonSerializer.Serialize(new { role = huge }), false),
            // Imports: 100,000 columns, a 5,000-code cell, 19,000 bad rows, a 1 MB line, a file over 20 MB.
            ("CSV 100,000 columns", "POST", "/api/imports/programmes", provider.Key,
                Csv(string.Join(',', Enumerable.Range(0, 100_000).Select(i => "c" + i)), "x"), true),
            ("CSV 100,000 empty columns", "POST", "/api/imports/programmes", provider.Key,
                Csv(new string(',', 100_000), "x"), true),
            ("CSV 5,000 codes in a cell", "POST", "/api/imports/programmes", provider.Key,
                Csv(Header, "UNFPA,T,,basic," + string.Join(';', Enumerable.Repeat("demography", 5_000)) + ",,nso,online,en,ECA,,9,70,,,,,,,,,,,"), true),
            ("CSV 19,000 bad rows", "POST", "/api/imports/programmes", provider.Key,
                Csv([Header, .. Enumerable.Repeat("NOBODY,,,astrology,astrology,,,,,,,nine,,,,,,,,,,,,", 19_000)]), true),
            ("CSV line of 1 MB", "POST", "/api/imports/programmes", provider.Key, Csv(Header, "UNFPA," + tooBig), true),
            ("CSV over 20 MB", "POST", "/api/imports/programmes", provider.Key,
                Csv([Header, .. Enumerable.Repeat("UNFPA," + new string('t', 1_000), 21_000)]), true),
        };

        // Encoded before measuring; the texts are dropped so that only the bytes stay in memory.
        var requests = cases.Select(c => (c.Name, c.Method, c.Url, c.Key, Body: Encoding.UTF8.GetBytes(c.Body), c.Csv)).ToArray();
        cases.Clear();
        var failures = new List<string>();
        foreach (var (name, method, url, key, body, csv) in requests)
        {
            var (response, heapRise, privateRise, retained, took) = await Measure(() => SendBytes(
                method == "PUT" ? HttpMethod.Put : HttpMethod.Post, url, key, body, csv ? "text/csv" : "application/json",
                method == "PUT"
                    ? new Dictionary<string, string> { ["If-Match"] = "\"1\"" }
                    : new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString() }));
            var measured = $"{response.Status}, heap +{heapRise / 1e6:F1} MB, private +{privateRise / 1e6:F1} MB, "
                           + $"held {retained / 1e6:F1} MB, {took.TotalMilliseconds:F0} ms";
            var expectRefusal = !name.StartsWith("unknown property");
            if (response.Status >= 500 || (expectRefusal && response.Status < 400))
                failures.Add($"{name}: {measured}: {response.Body[..Math.Min(300, response.Body.Length)]}");
            if (response.Status >= 400 && response.ContentType?.StartsWith("application/problem+json") != true)
                failures.Add($"{name}: {response.Status} is not problem+json but {response.ContentType}");
            if (Encoding.UTF8.GetByteCount(response.Body) > MaxAnswerBytes)
                failures.Add($"{name}: answer of {response.Body.Length:N0} characters ({measured})");
            // Time is not asserted (a shared CI machine); it is reported with the memory when something fails.
            if (retained > MemoryBound || heapRise > MemoryBound || privateRise > MemoryBound)
                failures.Add($"{name}: memory beyond {MemoryBound / 1e6:F0} MB: {measured}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_list_longer_than_its_vocabulary_is_one_problem_naming_the_field()
    {
        var provider = await Api.NewProvider();

        var response = await Api.Send(HttpMethod.Post, "/api/programmes", provider.Key,
            rawJson: ProgrammeWith("disciplines", Codes(15_000)));

        response.ShouldRejectField("disciplines");
        Assert.Contains("At most 7", response.Json["errors"]!["disciplines"]![0]!.GetValue<string>());
        Assert.Single(response.Json["errors"]!.AsObject());
    }

    [Fact]
    public async Task A_body_over_the_json_limit_is_413()
    {
        var provider = await Api.NewProvider();

        var response = await Api.Send(HttpMethod.Post, "/api/programmes", provider.Key,
            rawJson: ProgrammeWith("summary", JsonSerializer.Serialize(new string('s', 300_000))));

        response.ShouldBe(413);
    }

    [Fact]
    public async Task Thousands_of_unknown_codes_list_the_first_hundred_and_count_the_rest()
    {
        var provider = await Api.NewProvider();
        var organisations = Enumerable.Range(0, 240).Select(i => $"\"X{i:000}\"");

        var response = await Api.Send(HttpMethod.Post, "/api/programmes", provider.Key,
            rawJson: ProgrammeWith("countries", "[" + string.Join(',', organisations) + "]"));

        response.ShouldBe(422);
        Assert.Equal(100, response.Json["errors"]!.AsObject().Sum(e => e.Value!.AsArray().Count));
        Assert.Equal(140, response.Json["errorsOmitted"]!.GetValue<int>());
        Assert.Contains("140 more", response.Json["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_import_with_thousands_of_problems_lists_a_hundred_and_counts_the_rest()
    {
        var provider = await Api.NewProvider();

        var response = await Api.PostCsv("/api/imports/programmes", provider.Key,
            Csv([Header, .. Enumerable.Repeat("UNFPA,Title,,basic,astrology,,nso,online,en,ECA,,9,70,,,,,,,,,,,", 500)]));

        response.ShouldBe(422);
        Assert.Equal(100, response.Json["problems"]!.AsArray().Count);
        Assert.Equal(400, response.Json["problemsOmitted"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_nul_in_an_imported_field_is_422_naming_its_row_and_column()
    {
        var provider = await Api.NewProvider();

        var response = await Api.PostCsv("/api/imports/programmes", provider.Key, Csv(Header,
            "UNFPA,Good programme,,basic,demography,,nso,online,en,ECA,,9,70,,,,,,,,,,,",
            "UNFPA,Other programme,Sum\0mary,basic,demography,,nso,online,en,ECA,,9,70,,,,,,,,,,,"));

        response.ShouldBe(422);
        var problem = response.Json["problems"]!.AsArray().Single()!;
        Assert.Equal(2, problem["row"]!.GetValue<int>());
        Assert.Equal("summary", problem["column"]!.GetValue<string>());
        Assert.Equal(0, (await Api.Get("/api/programmes", provider.Key)).Json["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_header_with_more_columns_than_the_layout_is_one_problem()
    {
        var provider = await Api.NewProvider();

        var response = await Api.PostCsv("/api/imports/programmes", provider.Key,
            Csv(Header + ",extra1,extra2,extra3,extra4", "UNFPA,T,,basic,demography,,nso,online,en,ECA,,9,70,,,,,,,,,,,"));

        response.ShouldBe(422);
        var problem = response.Json["problems"]!.AsArray().Single()!;
        Assert.Contains("28 columns", problem["problem"]!.GetValue<string>());
    }
}
