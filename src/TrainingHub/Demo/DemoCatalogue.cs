using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingHub.Access;

namespace TrainingHub.Demo;

/// <summary>
/// The demo catalogue (real programmes named in the Task Force's source documents) loaded through the public API,
/// with the same commands a provider would send, so demo data obeys every rule real data does.
/// Upcoming offerings are dated relative to today so that some are always open for enrolment.
/// </summary>
public static class DemoCatalogue
{
    public sealed record Loaded(int Providers, int Partners, int Programmes, int Offerings, int Enrolments, int Needs,
        int Editions, int Reviews);

    public static async Task<Loaded> LoadAsync(HttpClient client, string adminKey, DateOnly today, CancellationToken ct)
    {
        var catalogue = ReadCatalogue();
        var providerKeys = new Dictionary<string, string>();
        var organisationIds = new Dictionary<string, string>();
        foreach (var organisation in catalogue["organisations"]!.AsArray())
        {
            var created = await Send(client, adminKey, "/api/organisations", new JsonObject
            {
                ["name"] = organisation!["name"]!.DeepClone(),
                ["kind"] = organisation["kind"]!.DeepClone(),
                ["code"] = organisation["code"]!.DeepClone(),
                ["country"] = organisation["country"]?.DeepClone(),
                ["region"] = organisation["region"]?.DeepClone(),
            }, ct);
            var issued = await Send(client, adminKey, $"/api/organisations/{created["id"]}/api-keys",
                new JsonObject { ["role"] = Roles.Provider }, ct);
            providerKeys[organisation["ref"]!.GetValue<string>()] = issued["key"]!.GetValue<string>();
            organisationIds[organisation["ref"]!.GetValue<string>()] = created["id"]!.GetValue<string>();
        }

        var partnerKeys = new List<string>();
        foreach (var partner in catalogue["partners"]!.AsArray())
        {
            var created = await Send(client, adminKey, "/api/organisations", partner!.DeepClone(), ct);
            var issued = await Send(client, adminKey, $"/api/organisations/{created["id"]}/api-keys",
                new JsonObject { ["role"] = Roles.Partner }, ct);
            partnerKeys.Add(issued["key"]!.GetValue<string>());
        }
        var trainees = catalogue["trainees"]!.AsArray();

        int programmes = 0, offerings = 0, enrolments = 0;
        var programmeIds = new Dictionary<string, string>();
        foreach (var programme in catalogue["programmes"]!.AsArray())
        {
            var key = providerKeys[programme!["provider"]!.GetValue<string>()];
            var body = programme.DeepClone().AsObject();
            body.Remove("provider");
            body.Remove("offerings");
            // Partners are named by their demo reference, and the programme followed on from by its title.
            if (body["partners"] is JsonArray partners)
                body["partners"] = new JsonArray([.. partners.Select(p => (JsonNode?)new JsonObject
                {
                    ["organisationId"] = organisationIds[p!["organisation"]!.GetValue<string>()],
                    ["role"] = p["role"]!.DeepClone(),
                })]);
            if (body["followsOn"] is { } followed) body["followsOn"] = programmeIds[followed.GetValue<string>()];
            var registered = await Send(client, key, "/api/programmes", body, ct);
            programmeIds[body["title"]!.GetValue<string>()] = registered["id"]!.GetValue<string>();
            programmes++;

            foreach (var offering in programme["offerings"]!.AsArray())
            {
                var scheduled = await Send(client, key, $"/api/programmes/{registered["id"]}/offerings",
                    OfferingBody(offering!, today), ct);
                offerings++;
                if (offering!["reported"] is { } reported)
                    await Send(client, key, $"/api/offerings/{scheduled["id"]}/reported-participation", reported.DeepClone(), ct);
                if (offering["evaluation"] is { } evaluation)
                    await Send(client, key, $"/api/offerings/{scheduled["id"]}/evaluation-summary", evaluation.DeepClone(), ct);
                if (offering["funding"] is { } funding)
                {
                    // Funders are named by their demo reference.
                    var named = funding.DeepClone().AsObject();
                    foreach (var line in named["funding"]!.AsArray())
                        line!["funder"] = organisationIds[line["funder"]!.GetValue<string>()];
                    await Send(client, key, $"/api/offerings/{scheduled["id"]}/funding", named, ct, method: HttpMethod.Put);
                }
                // Synthetic people (example.org addresses) enrolled by the demo partner; more than the seats
                // in one offering, so the demo shows a waitlist.
                for (var i = 0; i < (offering!["demoEnrolments"]?.GetValue<int>() ?? 0); i++)
                {
                    var trainee = trainees[i % trainees.Count]!.DeepClone().AsObject();
                    trainee["email"] = $"{trainee["givenName"]}.{trainee["familyName"]}@demo.example.org".ToLowerInvariant();
                    await Send(client, partnerKeys[0], $"/api/offerings/{scheduled["id"]}/enrolments",
                        new JsonObject { ["trainee"] = trainee, ["partnerReference"] = $"demo-{enrolments + 1}" }, ct,
                        idempotencyKey: $"demo-{scheduled["id"]}-{i}");
                    enrolments++;
                }
            }
        }

        // Countries' training needs, recorded by the organisation that speaks for each (admin where none is in the demo).
        var needs = 0;
        foreach (var need in catalogue["needs"]!.AsArray())
        {
            var by = need!["by"]!.GetValue<string>();
            var body = need.DeepClone().AsObject();
            body.Remove("by");
            body.Remove("neededByInDays");
            if (need["neededByInDays"] is { } days) body["neededBy"] = today.AddDays(days.GetValue<int>()).ToString("yyyy-MM-dd");
            await Send(client, by == "admin" ? adminKey : providerKeys[by], "/api/needs", body, ct);
            needs++;
        }

        // Analysts' reviews of programmes named by title, in order: a later review of a programme supersedes the earlier.
        // Admin passes the analyst policy.
        var reviews = 0;
        foreach (var review in catalogue["reviews"]?.AsArray() ?? [])
        {
            var body = review!.DeepClone().AsObject();
            body.Remove("programme");
            await Send(client, adminKey, $"/api/programmes/{programmeIds[review["programme"]!.GetValue<string>()]}/reviews", body, ct);
            reviews++;
        }
        // The mapping as it stands once loaded (reviews included), published as an edition to download.
        var editions = 0;
        if (catalogue["edition"] is { } edition)
        {
            await Send(client, adminKey, "/api/editions", edition.DeepClone(), ct);
            editions++;
        }
        return new Loaded(providerKeys.Count, partnerKeys.Count, programmes, offerings, enrolments, needs, editions, reviews);
    }

    private static JsonObject OfferingBody(JsonNode offering, DateOnly today)
    {
        DateOnly Date(string fixedField, string relativeField) => offering[fixedField] is { } fixedDate
            ? DateOnly.Parse(fixedDate.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            : today.AddDays(offering[relativeField]!.GetValue<int>());
        string? Instant(string relativeField) => offering[relativeField] is { } days
            ? today.AddDays(days.GetValue<int>()).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).ToString("O")
            : null;

        return new JsonObject
        {
            ["startDate"] = Date("start", "startInDays").ToString("yyyy-MM-dd"),
            ["endDate"] = Date("end", "endInDays").ToString("yyyy-MM-dd"),
            ["deliveryMode"] = offering["deliveryMode"]!.DeepClone(),
            ["venueCountry"] = offering["venueCountry"]?.DeepClone(),
            ["language"] = offering["language"]!.DeepClone(),
            ["capacity"] = offering["capacity"]!.DeepClone(),
            ["enrolmentOpensAt"] = Instant("opensInDays"),
            ["enrolmentClosesAt"] = Instant("closesInDays"),
        };
    }

    private static async Task<JsonNode> Send(HttpClient client, string key, string url, JsonNode body, CancellationToken ct,
        string? idempotencyKey = null, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add(ApiKeyAuthentication.Header, key);
        if (idempotencyKey is not null) request.Headers.Add(Enrolment.EnrolTrainee.IdempotencyHeader, idempotencyKey);
        using var response = await client.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Demo data rejected by {request.Method} {url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static JsonNode ReadCatalogue()
    {
        using var stream = typeof(DemoCatalogue).Assembly.GetManifestResourceStream("TrainingHub.Demo.demo-catalogue.json")
            ?? throw new InvalidOperationException("The demo catalogue is not embedded.");
        return JsonNode.Parse(stream, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
    }
}
