using Alba;
using Marten.Events;
using TrainingHub.Demo;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Demo;

public class DemoCatalogueTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task The_demo_catalogue_loads_through_the_api_and_obeys_every_rule()
    {
        using var client = Host.Server.CreateClient();

        var loaded = await DemoCatalogue.LoadAsync(client, Api.AdminKey, DateOnly.FromDateTime(DateTime.UtcNow),
            CancellationToken.None);

        Assert.Equal(new DemoCatalogue.Loaded(10, 1, 14, 21, 23, 9, 1, 6), loaded);
        var programmes = await Api.Get("/api/programmes?pageSize=100", Api.AdminKey);
        Assert.Equal(14, programmes.Json["total"]!.GetValue<long>());
        var open = await Api.Get("/api/offerings?openForEnrolment=true", Api.AdminKey);
        Assert.True(open.Json["total"]!.GetValue<long>() >= 3, open.Body);
        var centralAsia = await Api.Get("/api/programmes?country=KAZ", Api.AdminKey);
        Assert.True(centralAsia.Json["total"]!.GetValue<long>() >= 3, centralAsia.Body);
        var unfpa = (await Api.Get("/api/programmes?q=stocks,%20flows%20and%20characteristics", Api.AdminKey)).Json["items"]![0]!;
        var offering = (await Api.Get($"/api/offerings?programme={unfpa["id"]}", Api.AdminKey)).Json["items"]![0]!;
        var roster = (await Api.Get($"/api/offerings/{offering["id"]}/roster", Api.AdminKey)).ShouldBe(200).Json;
        Assert.Equal(6, roster["confirmed"]!.AsArray().Count);
        Assert.Equal(2, roster["waitlist"]!.AsArray().Count);
        var loadedAgain = await Api.Get("/api/organisations", Api.AdminKey);
        Assert.Equal(11, loadedAgain.Json.AsArray().Count);

        // The demo tells a story in the reports: gaps, at least one overlap, reported participation.
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var gaps = (await Api.Get("/api/reports/gaps", Api.AdminKey)).ShouldBe(200).Json["cells"]!.AsArray();
        Assert.Contains(gaps, c => c!["status"]!.GetValue<string>() == "uncovered");
        Assert.Contains(gaps, c => c!["status"]!.GetValue<string>() is "covered" or "thin");
        var overlaps = (await Api.Get("/api/reports/overlaps", Api.AdminKey)).ShouldBe(200).Json["pairs"]!.AsArray();
        Assert.NotEmpty(overlaps);
        var effectiveness = (await Api.Get("/api/reports/effectiveness?pageSize=200", Api.AdminKey)).Json["lines"]!.AsArray();
        Assert.Contains(effectiveness, l => l!["reported"]!["participants"]!.GetValue<int>() > 0);
        // Providers' evaluation totals: satisfaction and follow-up figures, all reported (no per-enrolment answers yet).
        Assert.Contains(effectiveness, l => l!["evaluation"]!["followUps"]!.GetValue<int>() > 0
                                            && l["evaluation"]!["reported"]!["reactions"]!.GetValue<int>() > 0);
        // Workshops' reports name the countries that took part: standards coverage is no longer 0 everywhere.
        var coverage = (await Api.Get("/api/reports/standards-coverage", Api.AdminKey)).ShouldBe(200).Json["standards"]!.AsArray();
        var egms = coverage.Single(s => s!["standard"]!.GetValue<string>() == "EGMS-CF-2021")!;
        Assert.True(egms["coverage"]!.GetValue<double>() > 0);
        Assert.True(egms["reported"]!["countries"]!.GetValue<int>() > 0);
        Assert.Contains("STP", coverage.SelectMany(s => s!["countriesReached"]!.AsArray()).Select(c => c!.GetValue<string>()));
        // The curriculum: a core of concepts most programmes teach, and elements no programme teaches.
        var curriculum = (await Api.Get("/api/reports/curriculum", Api.AdminKey)).ShouldBe(200).Json;
        Assert.NotEmpty(curriculum["core"]!.AsArray());
        Assert.NotEmpty(curriculum["taughtNowhere"]!.AsArray());
        // And the needs-vs-supply report has the demo countries' needs.
        var needs = (await Api.Get("/api/reports/needs-supply", Api.AdminKey)).ShouldBe(200).Json;
        Assert.Equal(9, needs["totals"]!["needs"]!.GetValue<int>());
        // And who funds what: the trust fund's grants in two currencies, never added together.
        var funding = (await Api.Get("/api/reports/funding?from=2015-01-01", Api.AdminKey)).ShouldBe(200).Json["rows"]!.AsArray();
        Assert.Equal(["EUR", "USD"], funding.Where(r => r!["name"]!.GetValue<string>() == "Migration Multi-Partner Trust Fund")
            .Select(r => r!["currency"]!.GetValue<string>()).Order());
        // The open catalogue: every programme but the national office's internal one, the joint workshop under its
        // co-organiser too, and the mapping published as an edition.
        Assert.Equal(13, (await Api.Get("/api/public/programmes", key: null)).ShouldBe(200).Json["total"]!.GetValue<int>());
        var unfpaId = (await Api.Get("/api/organisations", Api.AdminKey)).Json.AsArray()
            .Single(o => o!["code"]!.GetValue<string>() == "UNFPA")!["id"]!.GetValue<Guid>();
        var unfpaRuns = (await Api.Get($"/api/public/programmes?provider={unfpaId}", key: null)).Json["items"]!.AsArray();
        Assert.Contains(unfpaRuns, p => p!["partners"]!.AsArray().Any(partner => partner!["role"]!.GetValue<string>() == "co-organiser"));
        // Analysts' reviews: five programmes reviewed (one twice), recommended differently.
        var reviews = (await Api.Get("/api/reports/reviews", Api.AdminKey)).ShouldBe(200).Json;
        Assert.Equal(5, reviews["reviewed"]!.GetValue<int>());
        Assert.True(reviews["byRecommendation"]!.AsArray().Count(r => r!["programmes"]!.GetValue<int>() > 0) > 1, reviews.ToJsonString());
        var edition = Assert.Single((await Api.Get("/api/editions", Api.AdminKey)).ShouldBe(200).Json["items"]!.AsArray())!;
        Assert.Equal(200, (await Api.GetBytes($"/api/editions/{edition["id"]}/workbook", Api.AdminKey)).Status);
    }
}
