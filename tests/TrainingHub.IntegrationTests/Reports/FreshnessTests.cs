using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using Marten.Events.Daemon.Coordination;
using Microsoft.Extensions.DependencyInjection;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Reports;

public class FreshnessTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private static long PositionOf(Response write) =>
        long.Parse(write.Headers.Get("Event-Position") ?? throw new Xunit.Sdk.XunitException("no Event-Position header"));

    private static JsonNode Cell(JsonNode gaps, string region, string value) =>
        gaps["cells"]!.AsArray().Single(c => c!["region"]!.GetValue<string>() == region && c["value"]!.GetValue<string>() == value)!;

    [Fact]
    public async Task A_report_asked_with_the_position_of_a_write_includes_that_write()
    {
        var provider = await Api.NewProvider();
        var programme = await Api.Post("/api/programmes", provider.Key, Bodies.Programme());
        var offering = await Api.Post($"/api/programmes/{programme.Json["id"]}/offerings", provider.Key, Bodies.OpenOffering(5));
        var portal = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        var analyst = await Api.NewOrganisationWithKey("Secretariat", Roles.Analyst);
        var enrolled = (await Api.Enrol(portal.Key, offering.Json["id"]!.GetValue<Guid>(), Bodies.Enrolment("own@x.org"))).ShouldBe(201);

        // Each write path tells where its events reached, later writes further.
        var positions = new[] { PositionOf(programme.ShouldBe(201)), PositionOf(offering.ShouldBe(201)), PositionOf(enrolled) };
        Assert.Equal(positions.Order(), positions);
        Assert.True(positions[0] > 0);

        // No waiting for the daemon here: the report itself waits until its facts include the enrolment.
        var gaps = (await Api.Get($"/api/reports/gaps?minPosition={positions[^1]}", analyst.Key)).ShouldBe(200);
        Assert.Equal(1, Cell(gaps.Json, "ECE", "demography")["confirmed"]!.GetValue<int>());
        var freshness = gaps.Json["freshness"]!;
        Assert.True(freshness["position"]!.GetValue<long>() >= positions[^1]);
        Assert.True(freshness["recordedAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(freshness["position"]!.GetValue<long>(), long.Parse(gaps.Headers.Get("Event-Position")!));

        var csv = (await Api.Get($"/api/reports/effectiveness?format=csv&minPosition={positions[^1]}", analyst.Key)).ShouldBe(200);
        Assert.True(long.Parse(csv.Headers.Get("Event-Position")!) >= positions[^1]);

        (await Api.Get("/api/reports/overlaps?minPosition=-1", analyst.Key)).ShouldRejectField("minPosition");
    }

    [Fact]
    public async Task While_committed_events_are_unprojected_the_status_says_so_and_a_report_waits_then_answers_503()
    {
        var (_, _, offeringId) = await Api.OpenOffering(capacity: 5);
        var portal = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        var analyst = await Api.NewOrganisationWithKey("Secretariat", Roles.Analyst);
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var before = (await Api.Get("/api/reports/status", analyst.Key)).ShouldBe(200).Json;
        Assert.True(before["upToDate"]!.GetValue<bool>(), before.ToJsonString());

        var coordinator = Host.Services.GetRequiredService<IProjectionCoordinator>();
        await coordinator.PauseAsync();
        long position;
        try
        {
            position = PositionOf((await Api.Enrol(portal.Key, offeringId, Bodies.Enrolment("late@x.org"))).ShouldBe(201));

            var status = (await Api.Get("/api/reports/status", analyst.Key)).ShouldBe(200).Json;
            Assert.False(status["upToDate"]!.GetValue<bool>(), status.ToJsonString());
            Assert.False(status["reports"]!["upToDate"]!.GetValue<bool>());
            Assert.True(status["highestCommitted"]!.GetValue<long>() >= position);
            Assert.Contains(status["projections"]!.AsArray(), p => p!["lag"]!.GetValue<long>() > 0);

            var gaps = (await Api.Get("/api/reports/gaps", analyst.Key)).ShouldBe(200).Json;
            Assert.False(gaps["freshness"]!["upToDate"]!.GetValue<bool>());
            Assert.True(gaps["freshness"]!["position"]!.GetValue<long>() < position);

            var behind = await Api.Get($"/api/reports/gaps?minPosition={position}", analyst.Key);
            behind.ShouldBe(503);
            Assert.StartsWith("application/problem+json", behind.ContentType);
            Assert.Equal("1", behind.Headers.Get("Retry-After"));

            var never = await Api.Get($"/api/reports/gaps?minPosition={position + 1_000_000}", analyst.Key);
            never.ShouldRejectField("minPosition");
        }
        finally
        {
            await coordinator.ResumeAsync();
        }

        var caughtUp = (await Api.Get($"/api/reports/gaps?minPosition={position}", analyst.Key)).ShouldBe(200).Json;
        Assert.Equal(1, Cell(caughtUp, "ECE", "demography")["confirmed"]!.GetValue<int>());
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        Assert.True((await Api.Get("/api/reports/status", analyst.Key)).Json["upToDate"]!.GetValue<bool>());
    }
}
