using Marten;
using Marten.Events;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Reports;

public class JointProgrammeReportTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task A_workshop_run_jointly_is_no_overlap_with_its_partner_s_own_and_counts_for_both_by_provider()
    {
        var analyst = await Api.NewOrganisationWithKey("Task Force secretariat", Roles.Analyst);
        var unfpa = await Api.NewProvider("UNFPA");
        var unece = await Api.NewProvider("UNECE");
        var own = await Api.RegisterProgramme(unece.Key);
        await Api.ScheduleOffering(unece.Key, own.Id, Bodies.OpenOffering(capacity: 25));
        var joint = await Api.RegisterProgramme(unfpa.Key, Bodies.Programme("Joint workshop on migration statistics")
            .With("partners", new[] { new { organisationId = unece.Id, role = "co-organiser" } }));
        var jointOffering = await Api.ScheduleOffering(unfpa.Key, joint.Id, Bodies.OpenOffering(capacity: 20));
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, (await Api.Get("/api/reports/overlaps", analyst.Key)).ShouldBe(200).Json["totalPairs"]!.GetValue<int>());
        var lines = (await Api.Get("/api/reports/effectiveness?by=provider", analyst.Key)).ShouldBe(200).Json["lines"]!.AsArray();
        Assert.Equal((2, 45), Figures(lines, "UNECE"));
        Assert.Equal((1, 20), Figures(lines, "UNFPA"));
        var unecesOwn = (await Api.Get($"/api/reports/effectiveness?by=programme&provider={unece.Id}", analyst.Key)).Json["lines"]!.AsArray();
        Assert.Equal(2, unecesOwn.Count);

        // Once the partnership is dropped from the programme, the two are a cross-provider overlap again.
        var etag = (await Api.Get($"/api/programmes/{joint.Id}", unfpa.Key)).Headers.Get("ETag");
        (await Api.Put($"/api/programmes/{joint.Id}", unfpa.Key, Bodies.Programme("Joint workshop on migration statistics"), etag))
            .ShouldBe(200);
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var overlaps = (await Api.Get("/api/reports/overlaps", analyst.Key)).ShouldBe(200).Json;
        Assert.Equal(1, overlaps["totalPairs"]!.GetValue<int>());
        Assert.Contains(jointOffering.Id.ToString(), overlaps.ToJsonString());
    }

    private static (int Scheduled, int Seats) Figures(System.Text.Json.Nodes.JsonArray lines, string name)
    {
        var line = lines.Single(l => l!["name"]!.GetValue<string>() == name)!;
        return (line["offeringsScheduled"]!.GetValue<int>(), line["seats"]!.GetValue<int>());
    }
}
