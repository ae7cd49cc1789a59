using Alba;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Hosting;

public class MetricsTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task Metrics_are_scraped_by_admin_only_with_request_and_projection_lag_figures()
    {
        // Its own host: test hosts run without telemetry, since one process holds them all (see AppFixture).
        await using var host = await Fixture.StartAnotherHost("Development", ("TrainingHub:Telemetry", "true"));
        var api = new Api(host);
        var analyst = await api.NewOrganisationWithKey("Secretariat", Roles.Analyst);
        (await api.Get("/api/reports/status", analyst.Key)).ShouldBe(200);
        (await api.Get("/metrics", null)).ShouldBe(401);
        (await api.Get("/metrics", analyst.Key)).ShouldBe(403);

        // The lag gauges are read every few seconds, not on each scrape.
        Response scrape = null!;
        for (var attempt = 0; attempt < 60; attempt++)
        {
            scrape = (await api.Get("/metrics", Api.AdminKey)).ShouldBe(200);
            if (scrape.Body.Contains("traininghub_projection_lag{", StringComparison.Ordinal)) break;
            await Task.Delay(250);
        }
        Assert.StartsWith("text/plain", scrape.ContentType);
        Assert.Matches(@"http_server_request_duration_seconds_count\{[^}]*http_route=""/api/reports/status""[^}]*\} [1-9]", scrape.Body);
        Assert.Matches(@"traininghub_projection_lag\{[^}]*projection=""OfferingTimeline:All""[^}]*\} \d+", scrape.Body);
        Assert.Contains("db_client_commands_duration_seconds_count{", scrape.Body);
        // This host serves requests only: the shared host runs the projections.
        Assert.Matches(@"traininghub_daemon_running_projections\{[^}]*\} 0", scrape.Body);

        (await Api.Get("/metrics", Api.AdminKey)).ShouldBe(404);
    }
}
