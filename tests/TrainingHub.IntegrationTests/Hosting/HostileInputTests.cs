using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Hosting;

/// <summary>
/// Mutates valid request bodies, query strings, paths and headers (fixed seed, over 10,000 requests) and checks that bad
/// input is always answered with a 4xx problem+json, never a 5xx, that a rejected request appends no event, and that a
/// stranger partner hammering the enrolment endpoint with another partner's trainee's e-mail reaches none of their data.
/// </summary>
public class HostileInputTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private static readonly JsonNode?[] Garbage =
    [
        null, JsonValue.Create(""), JsonValue.Create(new string('x', 20_000)), JsonValue.Create(-1), JsonValue.Create(int.MaxValue),
        JsonValue.Create(1e308), JsonValue.Create(true), new JsonArray(), new JsonObject(),
        new JsonArray(Enumerable.Range(0, 5000).Select(i => (JsonNode?)JsonValue.Create("c" + i)).ToArray()),
        JsonValue.Create("2027-02-30"), JsonValue.Create("../../etc/passwd"), JsonValue.Create("'; drop table x; --"),
        JsonValue.Create("\u0000\uFFFF"), JsonValue.Create("9999-12-31T23:59:59Z"), JsonValue.Create("0001-01-01"),
        // Huge lists and maps under the body limit (the reader bounds them by their vocabulary), absurd numbers as text.
        new JsonArray(Enumerable.Range(0, 20_000).Select(i => (JsonNode?)JsonValue.Create("d" + i)).ToArray()),
        new JsonObject(Enumerable.Range(0, 10_000).Select(i => KeyValuePair.Create("S" + i, (JsonNode?)JsonValue.Create(i)))),
        JsonValue.Create("NaN"), JsonValue.Create("-Infinity"), JsonValue.Create("0001-01-01T00:00:00+14:00"),
    ];

    private static JsonNode Mutate(JsonNode body, Random random)
    {
        var copy = body.DeepClone();
        var target = copy.AsObject();
        if (target.ContainsKey("trainee") && random.Next(2) == 0) target = target["trainee"]!.AsObject();
        var keys = target.Select(p => p.Key).ToArray();
        switch (random.Next(4))
        {
            case 0: target[keys[random.Next(keys.Length)]] = Garbage[random.Next(Garbage.Length)]?.DeepClone(); break;
            case 1: target.Remove(keys[random.Next(keys.Length)]); break;
            case 2: target["unexpected" + random.Next(3)] = Garbage[random.Next(Garbage.Length)]?.DeepClone(); break;
            default:
                foreach (var key in keys.Where(_ => random.Next(3) == 0))
                    target[key] = Garbage[random.Next(Garbage.Length)]?.DeepClone();
                break;
        }
        return copy;
    }

    private static string Corrupt(string json, Random random) => random.Next(3) switch
    {
        0 => json[..random.Next(json.Length)],
        1 => json.Insert(random.Next(json.Length), "}{\"\\"),
        _ => "[" + json,
    };

    private async Task<int> EventCount()
    {
        await using var session = Store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    [Fact]
    public async Task Ten_thousand_mutated_requests_never_get_a_5xx_nor_write_when_rejected()
    {
        var (provider, programmeId, offeringId) = await Api.OpenOffering(capacity: 3);
        var partner = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        // A stranger partner that knows the victim's e-mail hammers the enrolment endpoint with it throughout.
        var stranger = await Api.NewOrganisationWithKey("Stranger portal", Roles.Partner);
        var victim = (await Api.Enrol(partner.Key, offeringId, Bodies.Enrolment("ok@x.org", partnerReference: "victim-ref-1"))).Json;
        var enrolled = victim["enrolmentId"]!.GetValue<Guid>();
        var victimId = victim["traineeId"]!.GetValue<Guid>();
        // The provider's assessments change the victim's enrolment during the run; the partner's record must not change.
        async Task<string> VictimRecord() =>
            (await Api.Get($"/api/trainees/{victimId}/export", partner.Key)).ShouldBe(200).Json["records"]!.ToJsonString();
        var victimRecord = await VictimRecord();
        var random = new Random(20261123);
        var targets = new (string Url, string Key, JsonNode Body)[]
        {
            ("/api/programmes", provider.Key, JsonSerializer.SerializeToNode(Bodies.Programme())!),
            ($"/api/programmes/{programmeId}/offerings", provider.Key, JsonSerializer.SerializeToNode(Bodies.OpenOffering())!),
            ($"/api/offerings/{offeringId}/enrolments", partner.Key, JsonSerializer.SerializeToNode(Bodies.Enrolment("fuzz@x.org"))!),
            ($"/api/offerings/{offeringId}/capacity", provider.Key, new JsonObject { ["capacity"] = 4 }),
            ($"/api/offerings/{offeringId}/reschedule", provider.Key, JsonSerializer.SerializeToNode(new { startDate = "2030-01-01", endDate = "2030-01-02" })!),
            ($"/api/offerings/{offeringId}/reported-participation", provider.Key, new JsonObject { ["participants"] = 5, ["female"] = 2 }),
            ($"/api/enrolments/{enrolled}/assessments", provider.Key, new JsonObject { ["kind"] = "pre", ["score"] = 50 }),
            ($"/api/enrolments/{enrolled}/assessments", provider.Key,
                new JsonObject { ["kind"] = "final", ["score"] = 70, ["standardScores"] = new JsonObject { ["EGMS-CF-2021"] = 60 } }),
            ($"/api/offerings/{offeringId}/enrolments", stranger.Key,
                JsonSerializer.SerializeToNode(Bodies.Enrolment("ok@x.org", givenName: "Impostor", partnerReference: "stranger"))!),
            ("/api/organisations", Api.AdminKey, new JsonObject { ["name"] = "Org", ["kind"] = "ngo", ["code"] = "ORG" }),
        };
        var queries = new[]
        {
            "/api/programmes?page=", "/api/programmes?pageSize=", "/api/programmes?q=", "/api/offerings?from=",
            "/api/offerings?openForEnrolment=", "/api/reports/gaps?asOf=", "/api/reports/overlaps?withinDays=",
            "/api/reports/gaps?dimension=", "/api/partners/me/feed?after=", "/api/reference/countries?region=",
            "/api/reports/overlaps?minSimilarity=", "/api/reports/effectiveness?asOf=", "/api/reports/standards-coverage?from=",
            "/api/reports/overlaps?to=", "/api/reports/gaps?minOfferings=", "/api/offerings?to=", "/api/partners/me/enrolments?page=",
        };
        var values = new[]
        {
            "-1", "0", "abc", "99999999999999999999", "%00", "2027-13-45", new string('z', 5000), "1e9", "%27%22",
            "NaN", "Infinity", "-Infinity", "1e400", "0001-01-01", "0002-01-01", "0003-12-31", "9999-12-31",
            "0001-01-01T00:00:00Z", "9999-12-31T23:59:59%2B14:00", "0001-01-01T00:00:00-14:00",
        };

        var failures = new List<string>();
        var count = 0;
        for (var i = 0; i < 9_000; i++)
        {
            var eventsBefore = await EventCount();
            var (url, key, body) = targets[random.Next(targets.Length)];
            var json = Mutate(body, random).ToJsonString();
            if (random.Next(5) == 0) json = Corrupt(json, random);
            var headers = new Dictionary<string, string> { ["Idempotency-Key"] = random.Next(4) == 0 ? new string('k', 300) : $"fuzz-{i}" };
            if (random.Next(10) == 0) headers["If-Match"] = random.Next(3) switch { 0 => "\"garbage\"", 1 => "W/\"1\"", _ => "*" };
            var response = await Api.Send(HttpMethod.Post, url, key, rawJson: json, headers: headers);
            count++;
            if (response.Status >= 500 || (response.Status >= 400 && response.ContentType?.StartsWith("application/problem+json") != true))
                failures.Add($"POST {url} {json[..Math.Min(200, json.Length)]} -> {response.Status} {response.Body[..Math.Min(300, response.Body.Length)]}");
            else if (response.Status >= 400 && await EventCount() != eventsBefore)
                failures.Add($"POST {url} {json[..Math.Min(200, json.Length)]} -> {response.Status} but events were appended");
        }
        var segments = new[] { "api", "offerings", "programmes", "enrolments", "trainees", "reports", "..", "%2e%2e", "%0a",
            "%ZZ", "😀", new string('p', 3000), "00000000-0000-0000-0000-000000000000", offeringId.ToString(), "roster", "'" };
        var methods = new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete };
        for (var i = 0; i < 1_000; i++)
        {
            var path = "/" + string.Join('/', Enumerable.Range(0, random.Next(1, 5)).Select(_ => segments[random.Next(segments.Length)]));
            var method = methods[random.Next(methods.Length)];
            var headers = new Dictionary<string, string>();
            if (random.Next(3) == 0) headers["If-Match"] = segments[random.Next(segments.Length)];
            if (random.Next(3) == 0) headers["Accept"] = random.Next(2) == 0 ? "text/csv" : "application/xml;q=x";
            var eventsBefore = await EventCount();
            var response = await Api.Send(method, path, random.Next(4) == 0 ? "th_forged" : Api.AdminKey,
                rawJson: method == HttpMethod.Get ? null : "{\"x\":1}", headers: headers);
            count++;
            if (response.Status >= 500 || (response.Status >= 400 && response.ContentType?.StartsWith("application/problem+json") != true))
                failures.Add($"{method} {path[..Math.Min(120, path.Length)]} -> {response.Status} {response.Body[..Math.Min(300, response.Body.Length)]}");
            else if (response.Status >= 400 && await EventCount() != eventsBefore)
                failures.Add($"{method} {path[..Math.Min(120, path.Length)]} -> {response.Status} but events were appended");
        }
        foreach (var query in queries)
        foreach (var value in values)
        {
            var response = await Api.Get(query + value, query.Contains("/partners/") ? partner.Key : Api.AdminKey);
            count++;
            if (response.Status >= 500 || (response.Status >= 400 && response.ContentType?.StartsWith("application/problem+json") != true))
                failures.Add($"GET {query}{value[..Math.Min(20, value.Length)]} -> {response.Status} {response.Body}");
        }
        foreach (var key in new[] { "", " ", new string('k', 5000), "th_forged", "Bearer x" })
        {
            var response = await Api.Get("/api/programmes", key);
            count++;
            if (response.Status != 401) failures.Add($"key '{key[..Math.Min(10, key.Length)]}' -> {response.Status}");
        }

        // The stranger reached nothing of the victim's: the victim's record reads as before, and the stranger's view of
        // the person holds only what the stranger itself supplied.
        Assert.Equal(victimRecord, await VictimRecord());
        (await Api.Get($"/api/enrolments/{enrolled}", stranger.Key)).ShouldBe(404);
        foreach (var url in new[] { $"/api/trainees/{victimId}/export", $"/api/trainees/{victimId}/transcript" })
        {
            var seen = await Api.Get(url, stranger.Key);
            Assert.True(seen.Status is 200 or 404, $"{url} -> {seen.Status}");
            Assert.DoesNotContain("victim-ref-1", seen.Body);
            Assert.DoesNotContain(enrolled.ToString(), seen.Body);
        }
        Assert.True((await Api.Delete($"/api/trainees/{victimId}", stranger.Key)).Status is 204 or 404);
        Assert.Equal(victimRecord, await VictimRecord());

        Assert.True(count >= 10_000, $"only {count} requests");
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} requests misbehaved:\n" + string.Join("\n", failures.Take(15)));
        var roster = (await Api.Get($"/api/offerings/{offeringId}/roster", provider.Key)).Json;
        Assert.True(roster["confirmed"]!.AsArray().Count + roster["waitlist"]!.AsArray().Count >= 1);
    }
}
