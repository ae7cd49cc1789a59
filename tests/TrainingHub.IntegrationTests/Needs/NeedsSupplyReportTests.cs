using Alba;
using Marten.Events;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Needs;

public class NeedsSupplyReportTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task The_report_sets_a_countrys_need_against_the_supply_that_could_serve_it_now_and_as_of_before()
    {
        var analyst = await Api.NewOrganisationWithKey("Secretariat", Roles.Analyst);
        var (provider, programmeId, offeringId) = await Api.OpenOffering(capacity: 30); // Kazakhstan, Russian, in 30 days
        // An English offering in Kazakhstan does not serve a need for Russian.
        await Api.ScheduleOffering(provider.Key, programmeId, Bodies.OpenOffering(50).With("language", "en"));
        var beforeTheNeed = DateTimeOffset.UtcNow;
        var recorded = (await Api.Post("/api/needs", Api.AdminKey, new
        {
            country = "KAZ", standards = new[] { "EGMS-CF-2021" }, level = "intermediate", languages = new[] { "ru" },
            estimatedTrainees = 40, source = "needs-assessment",
        })).ShouldBe(201);
        var needId = recorded.Json["id"]!.GetValue<Guid>();
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var report = (await Api.Get("/api/reports/needs-supply", analyst.Key)).ShouldBe(200).Json;
        var line = report["needs"]!.AsArray().Single()!;
        Assert.Equal((needId, 1, 30, 10, "partly-met"), (line["needId"]!.GetValue<Guid>(), line["servingOfferings"]!.GetValue<int>(),
            line["seatsOffered"]!.GetValue<int>(), line["unmetTrainees"]!.GetValue<int>(), line["status"]!.GetValue<string>()));
        Assert.Equal(offeringId, line["firstServingOfferings"]![0]!.GetValue<Guid>());
        var cell = report["cells"]!.AsArray().Single(c => c!["region"]!.GetValue<string>() == "ECE"
                                                          && c["value"]!.GetValue<string>() == "EGMS-CF-2021")!;
        Assert.Equal((1, 40, 30, 2, 80), (cell["needs"]!.GetValue<int>(), cell["traineesNeeded"]!.GetValue<int>(),
            cell["servingSeats"]!.GetValue<int>(), cell["supplyOfferings"]!.GetValue<int>(), cell["supplySeats"]!.GetValue<int>()));
        Assert.Contains(report["cells"]!.AsArray(), c => c!["value"]!.GetValue<string>() == "UN-RSIM-R1"
                                                       && c["status"]!.GetValue<string>() == "supply-without-need");

        // By audience: the programme is for statistical offices and ministries; the need names no audience ("any").
        var byAudience = (await Api.Get("/api/reports/needs-supply?dimension=audience", analyst.Key)).ShouldBe(200).Json["cells"]!.AsArray();
        Assert.Equal(2, byAudience.Single(c => c!["region"]!.GetValue<string>() == "ECE" && c["value"]!.GetValue<string>() == "nso")!
            ["supplyOfferings"]!.GetValue<int>());
        Assert.Equal(1, byAudience.Single(c => c!["region"]!.GetValue<string>() == "ECE" && c["value"]!.GetValue<string>() == "any")!
            ["needs"]!.GetValue<int>());
        var gaps = (await Api.Get("/api/reports/gaps?dimension=audience", analyst.Key)).ShouldBe(200).Json["cells"]!.AsArray();
        Assert.Equal(2, gaps.Single(c => c!["region"]!.GetValue<string>() == "ECE" && c["value"]!.GetValue<string>() == "ministry")!
            ["offerings"]!.GetValue<int>());

        var before = (await Api.Get($"/api/reports/needs-supply?asOf={Uri.EscapeDataString(beforeTheNeed.ToString("O"))}", analyst.Key))
            .ShouldBe(200).Json;
        Assert.Equal(0, before["totalNeeds"]!.GetValue<int>());

        // The country marks it met: the report asked with the write's position includes it at once.
        var met = (await Api.Post($"/api/needs/{needId}/met", Api.AdminKey, new { offerings = new[] { offeringId } })).ShouldBe(200);
        var position = met.Headers.Get("Event-Position");
        var after = (await Api.Get($"/api/reports/needs-supply?minPosition={position}", analyst.Key)).ShouldBe(200).Json;
        var metLine = after["needs"]!.AsArray().Single()!;
        Assert.Equal((true, "met", 0), (metLine["markedMet"]!.GetValue<bool>(), metLine["status"]!.GetValue<string>(),
            metLine["unmetTrainees"]!.GetValue<int>()));

        var csv = (await Api.Get("/api/reports/needs-supply?format=csv", analyst.Key)).ShouldBe(200).Body;
        Assert.StartsWith("NeedId,Country,Standards", csv);
        Assert.Contains($"{needId},KAZ,EGMS-CF-2021", csv);
    }

    [Fact]
    public async Task The_report_is_for_analysts_and_checks_its_parameters()
    {
        var provider = await Api.NewProvider();
        var analyst = await Api.NewOrganisationWithKey("Secretariat", Roles.Analyst);
        (await Api.Get("/api/reports/needs-supply", provider.Key)).ShouldBe(403);
        (await Api.Get("/api/reports/needs-supply?dimension=colour", analyst.Key)).ShouldRejectField("dimension");
        (await Api.Get("/api/reports/needs-supply?pageSize=500", analyst.Key)).ShouldRejectField("pageSize");
        Assert.Equal(0, (await Api.Get("/api/reports/needs-supply?dimension=level", analyst.Key)).ShouldBe(200)
            .Json["totals"]!["needs"]!.GetValue<int>());
    }
}
