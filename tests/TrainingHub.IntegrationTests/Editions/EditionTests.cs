using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Editions;

public class EditionTests(AppFixture fixture) : IntegrationContext(fixture)
{
    /// <summary>Two providers' near-identical workshops in Kazakhstan (one overlap), trainees enrolled, and a need.</summary>
    private async Task<(Provider Analyst, Provider Partner, Provider First, Guid Offering)> World()
    {
        var analyst = await Api.NewOrganisationWithKey("Task Force secretariat", Roles.Analyst);
        var partner = await Api.NewOrganisationWithKey("Partner portal", Roles.Partner);
        var (first, _, offering) = await Api.OpenOffering(capacity: 20, providerName: "UNFPA");
        var (_, _, other) = await Api.OpenOffering(capacity: 25, providerName: "UNECE");
        for (var i = 0; i < 3; i++) (await Api.Enrol(partner.Key, offering, Bodies.Enrolment($"trainee{i}@stat.example.kz"))).ShouldBe(201);
        (await Api.Enrol(partner.Key, other, Bodies.Enrolment("other@stat.example.kz"))).ShouldBe(201);
        (await Api.Post("/api/needs", Api.AdminKey, new
        {
            country = "KAZ", standards = new[] { "EGMS-CF-2021" }, level = "intermediate", languages = new[] { "ru" },
            estimatedTrainees = 80, priority = "high", source = "needs-assessment",
        })).ShouldBe(201);
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        return (analyst, partner, first, offering);
    }

    [Fact]
    public async Task An_edition_downloads_the_same_bytes_after_later_events_and_its_totals_are_the_live_reports_as_of_its_instant()
    {
        var (analyst, partner, first, offering) = await World();
        var published = (await Api.Post("/api/editions", analyst.Key,
            new { title = "Capacity-building programmes on migration statistics: mapping, first edition" })).ShouldBe(201).Json;
        var id = published["id"]!.GetValue<Guid>();
        var asOf = published["asOf"]!.GetValue<string>();
        var workbook = await Workbook(id, analyst.Key);
        var page = (await Api.Get($"/api/editions/{id}/document", analyst.Key)).ShouldBe(200);

        // Later events change every sheet's live figures now, and none of the edition's.
        var more = await Api.ScheduleOffering(first.Key, (await Api.Get($"/api/offerings/{offering}", first.Key)).Json["programmeId"]!.GetValue<Guid>(),
            Bodies.OpenOffering(capacity: 40));
        (await Api.Enrol(partner.Key, more.Id, Bodies.Enrolment("later@stat.example.kz"))).ShouldBe(201);
        (await Api.Post("/api/needs", Api.AdminKey, new
        {
            country = "KGZ", standards = new[] { "EGMS-CF-2021" }, estimatedTrainees = 15, priority = "medium", source = "request",
        })).ShouldBe(201);
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(workbook, await Workbook(id, analyst.Key));
        Assert.Equal(page.Body, (await Api.Get($"/api/editions/{id}/document", analyst.Key)).ShouldBe(200).Body);
        // The same edition published now would differ: the bytes above are pinned by asOf, not by chance.
        var now = (await Api.Post("/api/editions", analyst.Key, new { title = "Second edition" })).ShouldBe(201).Json["id"]!.GetValue<Guid>();
        Assert.NotEqual(workbook, await Workbook(now, analyst.Key));

        var sheets = new Workbook(workbook);
        Assert.Equal(["Cover", "Programmes", "Offerings", "Gaps by standard", "Gaps by discipline", "Never reached", "Overlaps",
            "Overlaps by provider", "Standards coverage", "Curriculum", "Effectiveness", "Effectiveness by provider",
            "Needs vs supply", "Funding", "Programme reviews", "Definitions"], sheets.SheetNames);
        var at = $"asOf={Uri.EscapeDataString(asOf)}";
        var gaps = await Report($"/api/reports/gaps?dimension=standard&{at}", analyst.Key);
        foreach (var (column, field) in new[] { ("Offerings", "offerings"), ("Seats", "seats"), ("Confirmed", "confirmed"), ("Completed", "completed") })
            Assert.Equal(Sum(gaps["cells"]!, field), sheets.Total("Gaps by standard", "Region", column));
        Assert.Equal(gaps["regions"]!.AsArray().Sum(r => r!["membersWithoutCompletedTrainee"]!.AsArray().Count),
            sheets.Rows("Never reached", "Region").Count);
        var effectiveness = await Report($"/api/reports/effectiveness?by=provider&pageSize=200&{at}", analyst.Key);
        Assert.Equal(Sum(effectiveness["lines"]!, "confirmed"), sheets.Total("Effectiveness by provider", "Name", "Confirmed"));
        Assert.Equal(4, sheets.Total("Effectiveness", "Name", "Confirmed"));
        var overlaps = await Report($"/api/reports/overlaps?{at}", analyst.Key);
        Assert.Equal(1, overlaps["totalPairs"]!.GetValue<int>());
        Assert.Single(sheets.Rows("Overlaps", "Similarity"));
        Assert.Equal(1, sheets.Total("Overlaps by provider", "First provider", "Pairs"));
        var needs = await Report($"/api/reports/needs-supply?{at}", analyst.Key);
        Assert.Equal(needs["totals"]!["traineesNeeded"]!.GetValue<decimal>(), sheets.Total("Needs vs supply", "Country code", "Trainees needed"));
        Assert.Equal(80, sheets.Total("Needs vs supply", "Country code", "Trainees needed"));
        var coverage = await Report($"/api/reports/standards-coverage?{at}", analyst.Key);
        var egms = sheets.Rows("Standards coverage", "Standard").Single(r => r["Standard"] == "EGMS-CF-2021");
        Assert.Equal(coverage["standards"]!.AsArray().Single(s => s!["standard"]!.GetValue<string>() == "EGMS-CF-2021")!["offerings"]!.ToString(),
            egms["Offerings"]);
        Assert.Equal(2, sheets.Rows("Offerings", "Start").Count);
        Assert.Equal(45, sheets.Total("Offerings", "Start", "Seats"));

        Assert.Contains("Capacity-building programmes on migration statistics", page.Body);
        Assert.StartsWith("text/html", page.ContentType);
        Assert.Contains("style-src 'sha256-", page.Headers.Get("Content-Security-Policy"));
        Assert.DoesNotContain("<script", page.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Only_analysts_publish_editions_with_a_title_and_an_asOf_that_is_not_in_the_future()
    {
        var analyst = await Api.NewOrganisationWithKey("Task Force secretariat", Roles.Analyst);
        var provider = await Api.NewProvider();

        (await Api.Post("/api/editions", provider.Key, new { title = "Mine" })).ShouldBe(403);
        (await Api.Post("/api/editions", analyst.Key, new { title = " " })).ShouldRejectField("title");
        (await Api.Post("/api/editions", analyst.Key, new { title = "Tomorrow's", asOf = DateTimeOffset.UtcNow.AddDays(1) }))
            .ShouldRejectField("asOf");
        (await Api.Post("/api/editions", analyst.Key, new { title = "Nowhere", region = "ATLANTIS" })).ShouldRejectField("region");
        (await Api.Get($"/api/editions/{Guid.NewGuid()}/workbook", analyst.Key)).ShouldBe(404);

        var past = (await Api.Post("/api/editions", analyst.Key, new
        {
            title = "Europe and Central Asia, end of 2025", asOf = "2025-12-31T23:59:59Z", region = "ECE", countryGroup = "lldc",
        })).ShouldBe(201).Json;
        Assert.Equal(("2022-12-31", "2026-12-31", "ECE"), (past["scope"]!["from"]!.GetValue<string>(),
            past["scope"]!["to"]!.GetValue<string>(), past["scope"]!["region"]!.GetValue<string>()));
        var listed = (await Api.Get("/api/editions", analyst.Key)).ShouldBe(200).Json;
        Assert.Equal(past["id"]!.GetValue<Guid>(), Assert.Single(listed["items"]!.AsArray())!["id"]!.GetValue<Guid>());
        (await Api.Get($"/api/editions/{past["id"]}", provider.Key)).ShouldBe(403);
        var (status, bytes, headers) = await Api.GetBytes($"/api/editions/{past["id"]}/workbook", analyst.Key);
        Assert.Equal(200, status);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", headers.Get("Content-Type"));
        Assert.Contains("attachment", headers.Get("Content-Disposition"));
        Assert.Contains("Cover", new Workbook(bytes).SheetNames);
    }

    private async Task<byte[]> Workbook(Guid id, string key)
    {
        var (status, bytes, _) = await Api.GetBytes($"/api/editions/{id}/workbook", key);
        Assert.Equal(200, status);
        return bytes;
    }

    private async Task<JsonNode> Report(string url, string key) => (await Api.Get(url, key)).ShouldBe(200).Json;

    private static decimal Sum(JsonNode rows, string field) => rows.AsArray().Sum(r => r![field]!.GetValue<decimal>());
}
