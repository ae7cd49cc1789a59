using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Reports;

public class ReportTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private static JsonNode Cell(JsonNode report, string region, string value) =>
        report["cells"]!.AsArray().Single(c => c!["region"]!.GetValue<string>() == region && c["value"]!.GetValue<string>() == value)!;

    private static int Int(JsonNode node, string field) => node[field]!.GetValue<int>();

    [Fact]
    public async Task Gaps_give_one_cell_per_region_and_value_with_hand_checked_figures()
    {
        var world = await ReportWorld.Build(Api, Host);

        var report = (await Api.Get("/api/reports/gaps?dimension=discipline&minOfferings=2", world.Analyst.Key)).ShouldBe(200).Json;

        Assert.Equal(5 * 7, report["cells"]!.AsArray().Count);
        // A1 + B1 count in ECE and ESCAP (Kazakhstan is in both); A2 is cancelled and never counts.
        foreach (var region in new[] { "ECE", "ESCAP" })
        {
            var demography = Cell(report, region, "demography");
            Assert.Equal((2, 12, 3, 1, 2, 2, 2, "covered"), (Int(demography, "offerings"), Int(demography, "seats"),
                Int(demography, "confirmed"), Int(demography, "waitlisted"), Int(demography, "completed"),
                Int(demography, "passed"), Int(demography, "countriesReached"), demography["status"]!.GetValue<string>()));
            var sociology = Cell(report, region, "sociology");
            Assert.Equal((1, 10, 1, "thin"), (Int(sociology, "offerings"), Int(sociology, "seats"), Int(sociology, "confirmed"),
                sociology["status"]!.GetValue<string>()));
        }
        // C1 is online: it counts where programme C serves (ECA); its figures are reported, not tracked.
        var economics = Cell(report, "ECA", "economics");
        Assert.Equal((1, 5, 0, 15, 10, "thin"), (Int(economics, "offerings"), Int(economics, "seats"), Int(economics, "confirmed"),
            Int(economics, "completed"), Int(economics, "passed"), economics["status"]!.GetValue<string>()));
        Assert.Equal(20, economics["reported"]!["participants"]!.GetValue<int>());
        Assert.Equal("uncovered", Cell(report, "ECLAC", "demography")["status"]!.GetValue<string>());
        Assert.Equal(0, Int(Cell(report, "ECA", "demography"), "offerings"));

        var ece = report["regions"]!.AsArray().Single(r => r!["region"]!.GetValue<string>() == "ECE")!;
        var missing = ece["membersWithoutCompletedTrainee"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray();
        Assert.DoesNotContain("KAZ", missing);
        Assert.DoesNotContain("TJK", missing);
        Assert.Contains("FRA", missing);
        Assert.Contains("KGZ", missing);
    }

    [Fact]
    public async Task A_full_offering_with_a_waitlist_is_oversubscribed_and_filters_narrow_the_scope()
    {
        var world = await ReportWorld.Build(Api, Host);

        var unfpaOnly = (await Api.Get($"/api/reports/gaps?provider={world.Unfpa.Id}", world.Analyst.Key)).ShouldBe(200).Json;
        Assert.Equal("oversubscribed", Cell(unfpaOnly, "ECE", "demography")["status"]!.GetValue<string>());
        Assert.Equal(0, Int(Cell(unfpaOnly, "ECE", "sociology"), "offerings"));

        var byStandard = (await Api.Get("/api/reports/gaps?dimension=standard&region=ESCAP", world.Analyst.Key)).ShouldBe(200).Json;
        Assert.Equal(10, byStandard["cells"]!.AsArray().Count);
        Assert.Equal(2, Int(Cell(byStandard, "ESCAP", "EGMS-CF-2021"), "offerings"));
        Assert.Equal(1, Int(Cell(byStandard, "ESCAP", "UN-RSIM-R1"), "offerings"));

        var byLevel = (await Api.Get("/api/reports/gaps?dimension=level&level=basic", world.Analyst.Key)).ShouldBe(200).Json;
        Assert.Equal(1, Int(Cell(byLevel, "ECA", "basic"), "offerings"));
        Assert.Equal(0, Int(Cell(byLevel, "ECE", "intermediate"), "offerings"));

        var farFuture = (await Api.Get("/api/reports/gaps?from=2040-01-01&to=2041-01-01", world.Analyst.Key)).Json;
        Assert.All(farFuture["cells"]!.AsArray(), c => Assert.Equal("uncovered", c!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Overlaps_pair_similar_offerings_of_different_providers_near_in_time_and_place()
    {
        var world = await ReportWorld.Build(Api, Host);

        var report = (await Api.Get("/api/reports/overlaps", world.Analyst.Key)).ShouldBe(200).Json;

        var pair = Assert.Single(report["pairs"]!.AsArray())!;
        Assert.Equal(world.A1, pair["first"]!["offeringId"]!.GetValue<Guid>());
        Assert.Equal(world.B1, pair["second"]!["offeringId"]!.GetValue<Guid>());
        Assert.Equal(0.5, pair["similarity"]!.GetValue<double>());
        Assert.Equal("standards", pair["basis"]!.GetValue<string>());
        Assert.Equal(["EGMS-CF-2021"], pair["shared"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(8, pair["daysApart"]!.GetValue<int>());
        Assert.Equal("UNFPA", pair["first"]!["providerName"]!.GetValue<string>());
        var providers = Assert.Single(report["providerPairs"]!.AsArray())!;
        Assert.Equal(1, providers["pairs"]!.GetValue<int>());

        Assert.Empty((await Api.Get("/api/reports/overlaps?minSimilarity=0.6", world.Analyst.Key)).Json["pairs"]!.AsArray());
        Assert.Empty((await Api.Get("/api/reports/overlaps?withinDays=5", world.Analyst.Key)).Json["pairs"]!.AsArray());
        (await Api.Get("/api/reports/overlaps?minSimilarity=2", world.Analyst.Key)).ShouldRejectField("minSimilarity");
    }

    [Fact]
    public async Task Standards_coverage_lists_every_standard_with_its_figures()
    {
        var world = await ReportWorld.Build(Api, Host);
        var countries = (await Api.Get("/api/reference/countries", world.Analyst.Key)).Json.AsArray();
        var members = countries.Count(c => c!["status"]!.GetValue<string>() != "territory" && c["regions"]!.AsArray().Count > 0);

        var report = (await Api.Get("/api/reports/standards-coverage", world.Analyst.Key)).ShouldBe(200).Json;

        var standards = report["standards"]!.AsArray();
        Assert.Equal(10, standards.Count);
        Assert.Equal(members, report["memberCountriesInScope"]!.GetValue<int>());
        var egms = standards.Single(s => s!["standard"]!.GetValue<string>() == "EGMS-CF-2021")!;
        Assert.Equal((2, 2, 12, 3, 2, 2), (Int(egms, "programmes"), Int(egms, "offerings"), Int(egms, "seats"),
            Int(egms, "confirmed"), Int(egms, "completed"), Int(egms, "passed")));
        Assert.Equal(70.0, egms["meanStandardScore"]!.GetValue<double>());
        Assert.Equal(["ECE", "ESCAP"], egms["regionsReached"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["KAZ", "TJK"], egms["countriesReached"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(Math.Round(2.0 / members, 4), egms["coverage"]!.GetValue<double>());
        var rsim = standards.Single(s => s!["standard"]!.GetValue<string>() == "UN-RSIM-R1")!;
        Assert.Equal((1, 1, 2, 1, 70.0), (Int(rsim, "programmes"), Int(rsim, "offerings"), Int(rsim, "seats"),
            Int(rsim, "completed"), rsim["meanStandardScore"]!.GetValue<double>()));
        var untaught = standards.Single(s => s!["standard"]!.GetValue<string>() == "IMF-RCG")!;
        Assert.Equal(0, Int(untaught, "offerings"));
        Assert.Null(untaught["meanStandardScore"]);
        Assert.Equal(0.0, untaught["coverage"]!.GetValue<double>());
    }

    [Fact]
    public async Task Effectiveness_per_programme_and_per_provider()
    {
        var world = await ReportWorld.Build(Api, Host);

        var report = (await Api.Get("/api/reports/effectiveness?by=programme", world.Analyst.Key)).ShouldBe(200).Json;

        var lines = report["lines"]!.AsArray();
        Assert.Equal(3, lines.Count);
        var a = lines.Single(l => l!["name"]!.GetValue<string>().StartsWith("A:"))!;
        Assert.Equal((2, 0, 1, 0.5), (Int(a, "offeringsScheduled"), Int(a, "offeringsDelivered"), Int(a, "offeringsCancelled"),
            a["cancellationRate"]!.GetValue<double>()));
        Assert.Equal((2, 2, 1.0, 1, 0.5, 1, 1.0), (Int(a, "seats"), Int(a, "confirmed"), a["fillRate"]!.GetValue<double>(),
            Int(a, "completed"), a["completionRate"]!.GetValue<double>(), Int(a, "passed"), a["passRate"]!.GetValue<double>()));
        Assert.Equal(5.0, a["meanPrePostGain"]!.GetValue<double>());
        Assert.Equal(1, a["traineesBySex"]!["female"]!.GetValue<int>());
        Assert.Equal(1, a["traineesBySex"]!["male"]!.GetValue<int>());

        var b = lines.Single(l => l!["name"]!.GetValue<string>().StartsWith("B:"))!;
        Assert.Equal((0.1, 1.0, 30.0), (b["fillRate"]!.GetValue<double>(), b["passRate"]!.GetValue<double>(),
            b["meanPrePostGain"]!.GetValue<double>()));

        var c = lines.Single(l => l!["name"]!.GetValue<string>().StartsWith("C:"))!;
        Assert.Equal((15, 0.75, 10, 0.6667), (Int(c, "completed"), c["completionRate"]!.GetValue<double>(), Int(c, "passed"),
            c["passRate"]!.GetValue<double>()));
        Assert.Null(c["meanPrePostGain"]);
        Assert.Equal(12, c["traineesBySex"]!["female"]!.GetValue<int>());

        var byProvider = (await Api.Get("/api/reports/effectiveness?by=provider", world.Analyst.Key)).ShouldBe(200).Json;
        Assert.Equal(["IOM", "UNECE", "UNFPA"], byProvider["lines"]!.AsArray().Select(l => l!["name"]!.GetValue<string>()));
        (await Api.Get("/api/reports/effectiveness?by=country", world.Analyst.Key)).ShouldRejectField("by");

        // Pages of the table in a figure's order, highest first; a rate over nothing sorts last; CSV has every line.
        var page = (await Api.Get("/api/reports/effectiveness?sort=fillRate&pageSize=2&page=1", world.Analyst.Key)).ShouldBe(200).Json;
        Assert.Equal(("fillRate", "desc", 1, 2, 3), (page["sort"]!.GetValue<string>(), page["order"]!.GetValue<string>(),
            Int(page, "page"), Int(page, "pageSize"), Int(page, "totalLines")));
        var fillRates = page["lines"]!.AsArray().Select(l => l!["fillRate"]!.GetValue<double>()).ToList();
        Assert.Equal(2, fillRates.Count);
        Assert.True(fillRates[0] >= fillRates[1]);
        var last = (await Api.Get("/api/reports/effectiveness?sort=fillRate&pageSize=2&page=2", world.Analyst.Key)).Json["lines"]!.AsArray();
        Assert.True(last.Single()!["fillRate"] is null || last.Single()!["fillRate"]!.GetValue<double>() <= fillRates[1]);
        var csv = (await Api.Get("/api/reports/effectiveness?format=csv&pageSize=1", world.Analyst.Key)).ShouldBe(200).Body;
        Assert.Equal(4, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        (await Api.Get("/api/reports/effectiveness?sort=colour", world.Analyst.Key)).ShouldRejectField("sort");
        (await Api.Get("/api/reports/effectiveness?order=up", world.Analyst.Key)).ShouldRejectField("order");
        (await Api.Get("/api/reports/effectiveness?pageSize=201", world.Analyst.Key)).ShouldRejectField("pageSize");
    }

    [Fact]
    public async Task A_report_as_of_an_earlier_instant_repeats_exactly_what_was_said_then()
    {
        var world = await ReportWorld.Build(Api, Host);
        var then = (await Api.Get("/api/reports/gaps", world.Analyst.Key)).Json;
        var coverageThen = (await Api.Get("/api/reports/standards-coverage", world.Analyst.Key)).Json;
        var asOf = Uri.EscapeDataString(then["scope"]!["asOf"]!.GetValue<string>());

        await Api.Enrol(world.Portal.Key, world.B1, Bodies.Enrolment("late@x.org", country: "UZB"));
        await Api.Post($"/api/offerings/{world.C1}/cancel", world.Unece.Key, new { reason = "Postponed" });
        await Api.Post($"/api/offerings/{world.A1}/capacity", world.Unfpa.Key, new { capacity = 3 });
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var now = (await Api.Get("/api/reports/gaps", world.Analyst.Key)).Json;
        Assert.NotEqual(then["cells"]!.ToJsonString(), now["cells"]!.ToJsonString());

        var again = (await Api.Get($"/api/reports/gaps?asOf={asOf}", world.Analyst.Key)).ShouldBe(200).Json;
        Assert.Equal(then["cells"]!.ToJsonString(), again["cells"]!.ToJsonString());
        Assert.Equal(then["regions"]!.ToJsonString(), again["regions"]!.ToJsonString());
        var coverageAgain = (await Api.Get($"/api/reports/standards-coverage?asOf={asOf}", world.Analyst.Key)).Json;
        Assert.Equal(coverageThen["standards"]!.ToJsonString(), coverageAgain["standards"]!.ToJsonString());

        var beforeAnything = (await Api.Get("/api/reports/gaps?asOf=2020-01-01T00:00:00Z", world.Analyst.Key)).Json;
        Assert.All(beforeAnything["cells"]!.AsArray(), c => Assert.Equal(0, c!["offerings"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Reports_stay_the_same_after_a_trainee_is_erased()
    {
        var world = await ReportWorld.Build(Api, Host);
        var before = (await Api.Get("/api/reports/effectiveness", world.Analyst.Key)).Json;
        var gapsBefore = (await Api.Get("/api/reports/gaps", world.Analyst.Key)).Json;

        (await Api.Delete($"/api/trainees/{world.KazakhTrainee}", world.Portal.Key)).ShouldBe(204);
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var after = (await Api.Get("/api/reports/effectiveness", world.Analyst.Key)).Json;
        Assert.Equal(before["lines"]!.ToJsonString(), after["lines"]!.ToJsonString());
        var gapsAfter = (await Api.Get("/api/reports/gaps", world.Analyst.Key)).Json;
        Assert.Equal(gapsBefore["cells"]!.ToJsonString(), gapsAfter["cells"]!.ToJsonString());
    }

    [Fact]
    public async Task Reports_are_the_same_after_the_projections_are_rebuilt_from_the_events()
    {
        var world = await ReportWorld.Build(Api, Host);
        var then = (await Api.Get("/api/reports/gaps", world.Analyst.Key)).Json;
        var asOf = Uri.EscapeDataString(then["scope"]!["asOf"]!.GetValue<string>());
        var effectivenessThen = (await Api.Get($"/api/reports/effectiveness?asOf={asOf}", world.Analyst.Key)).Body;

        // What `dotnet run -- projections --rebuild` does, with this node's own daemon paused meanwhile.
        var coordinator = Host.Services.GetRequiredService<Marten.Events.Daemon.Coordination.IProjectionCoordinator>();
        await coordinator.PauseAsync();
        try
        {
            using var daemon = await Store.BuildProjectionDaemonAsync();
            await daemon.RebuildProjectionAsync<TrainingHub.Reports.ProgrammeTimelineProjection>(CancellationToken.None);
            await daemon.RebuildProjectionAsync(TrainingHub.Reports.OfferingTimelineProjection.Name, CancellationToken.None);
        }
        finally
        {
            await coordinator.ResumeAsync();
        }

        var again = (await Api.Get($"/api/reports/gaps?asOf={asOf}", world.Analyst.Key)).Json;
        Assert.Equal(then["cells"]!.ToJsonString(), again["cells"]!.ToJsonString());
        Assert.Equal(effectivenessThen, (await Api.Get($"/api/reports/effectiveness?asOf={asOf}", world.Analyst.Key)).Body);
    }

    [Fact]
    public async Task Reports_come_as_csv_on_request()
    {
        var world = await ReportWorld.Build(Api, Host);

        var csv = await Api.Send(HttpMethod.Get, "/api/reports/gaps?dimension=level", world.Analyst.Key,
            headers: new Dictionary<string, string> { ["Accept"] = "text/csv" });
        csv.ShouldBe(200);
        Assert.StartsWith("text/csv", csv.ContentType);
        var lines = csv.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Region,Value,Offerings,Seats,Confirmed,Waitlisted,Completed,Passed,CountriesReached,Status", lines[0]);
        Assert.Equal(1 + 5 * 3, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("ECA,basic,1,5,0,0,15,10,0,thin", StringComparison.Ordinal));

        foreach (var report in new[] { "overlaps", "standards-coverage", "effectiveness" })
        {
            var response = await Api.Get($"/api/reports/{report}?format=csv", world.Analyst.Key);
            response.ShouldBe(200);
            Assert.StartsWith("text/csv", response.ContentType);
        }
    }

    [Fact]
    public async Task An_empty_system_reports_zeros_and_only_analysts_and_admin_read_reports()
    {
        var analyst = await Api.NewOrganisationWithKey("Secretariat", TrainingHub.Access.Roles.Analyst);
        var partner = await Api.NewOrganisationWithKey("Portal", TrainingHub.Access.Roles.Partner);
        var provider = await Api.NewProvider();

        var gaps = (await Api.Get("/api/reports/gaps", analyst.Key)).ShouldBe(200).Json;
        Assert.All(gaps["cells"]!.AsArray(), c => Assert.Equal("uncovered", c!["status"]!.GetValue<string>()));
        Assert.Empty((await Api.Get("/api/reports/overlaps", Api.AdminKey)).ShouldBe(200).Json["pairs"]!.AsArray());
        Assert.Empty((await Api.Get("/api/reports/effectiveness", analyst.Key)).ShouldBe(200).Json["lines"]!.AsArray());

        foreach (var report in new[] { "gaps", "overlaps", "standards-coverage", "effectiveness", "status" })
        {
            (await Api.Get($"/api/reports/{report}", partner.Key)).ShouldBe(403);
            (await Api.Get($"/api/reports/{report}", provider.Key)).ShouldBe(403);
            (await Api.Get($"/api/reports/{report}", null)).ShouldBe(401);
        }
        (await Api.Get("/api/reports/gaps?dimension=colour", analyst.Key)).ShouldRejectField("dimension");
        (await Api.Get("/api/reports/gaps?region=MARS", analyst.Key)).ShouldRejectField("region");
        (await Api.Get("/api/reports/gaps?asOf=yesterday", analyst.Key)).ShouldBe(400);
        // An unencoded '+' arrives as a space; the instant is still understood.
        (await Api.Get("/api/reports/gaps?asOf=2026-01-01T00:00:00+00:00", analyst.Key)).ShouldBe(200);
    }

    [Fact]
    public async Task Status_shows_each_projection_and_its_lag()
    {
        var world = await ReportWorld.Build(Api, Host);

        var status = (await Api.Get("/api/reports/status", world.Analyst.Key)).ShouldBe(200).Json;

        Assert.True(status["highestSequence"]!.GetValue<long>() > 0);
        var names = status["projections"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToArray();
        Assert.Contains(names, n => n.Contains("OfferingTimeline"));
        Assert.Contains(names, n => n.Contains("ProgrammeTimeline"));
        Assert.All(status["projections"]!.AsArray().Where(p => p!["name"]!.GetValue<string>().Contains("Timeline")),
            p => Assert.Equal(0, p!["lag"]!.GetValue<long>()));
    }
}
