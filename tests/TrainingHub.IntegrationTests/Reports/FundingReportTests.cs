using Alba;
using Marten.Events;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Reports;

public class FundingReportTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task A_provider_records_who_funds_an_offering_and_the_funding_report_adds_it_up_per_currency()
    {
        var analyst = await Api.NewOrganisationWithKey("Secretariat", Roles.Analyst);
        var donor = await Api.RegisterOrganisation("Migration Multi-Partner Trust Fund", "donor", "MPTF");
        var (provider, _, offeringId) = await Api.OpenOffering();
        var url = $"/api/offerings/{offeringId}/funding";
        var body = new
        {
            totalCost = new { amount = 24_000m, currency = "USD" },
            funding = new object[]
            {
                new { funder = donor, kind = "grant", amount = 18_000m, currency = "USD" },
                new { funder = provider.Id, kind = "own-budget", amount = 6_000m, currency = "USD" },
                new { funder = donor, kind = "in-kind", amount = 2_500m, currency = "EUR" },
            },
        };

        var recorded = (await Api.Put(url, provider.Key, body, null)).ShouldBe(200);
        Assert.Equal(3, recorded.Json["funding"]!["funding"]!.AsArray().Count);
        var etag = recorded.Headers.Get("ETag");
        Assert.Equal(etag, (await Api.Put(url, provider.Key, body, null)).ShouldBe(200).Headers.Get("ETag"));
        (await Api.Put(url, analyst.Key, body, null)).ShouldBe(403);
        (await Api.Put(url, provider.Key, new { funding = new[] { new { funder = Guid.NewGuid(), kind = "grant", amount = 1m, currency = "USD" } } }, null))
            .ShouldRejectField("funding[0].funder");
        (await Api.Put(url, provider.Key, new { totalCost = new { amount = 5m, currency = "DOLLARS" } }, null))
            .ShouldRejectField("totalCost.currency");

        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var byFunder = (await Api.Get("/api/reports/funding", analyst.Key)).ShouldBe(200).Json;
        var rows = byFunder["rows"]!.AsArray();
        var fundDollars = rows.Single(r => r!["name"]!.GetValue<string>() == "Migration Multi-Partner Trust Fund"
                                           && r["currency"]!.GetValue<string>() == "USD")!;
        Assert.Equal((18_000m, 24_000m), (fundDollars["grant"]!.GetValue<decimal>(), fundDollars["totalCost"]!.GetValue<decimal>()));
        Assert.Equal(2_500m, rows.Single(r => r!["currency"]!.GetValue<string>() == "EUR")!["inKind"]!.GetValue<decimal>());

        var byCountry = (await Api.Get("/api/reports/funding?by=country", analyst.Key)).ShouldBe(200).Json["rows"]!.AsArray();
        var kazakhstan = byCountry.Single(r => r!["key"]!.GetValue<string>() == "KAZ" && r["currency"]!.GetValue<string>() == "USD")!;
        Assert.Equal((24_000m, 2), (kazakhstan["funding"]!.GetValue<decimal>(), kazakhstan["funders"]!.GetValue<int>()));
        Assert.Contains("MPTF", (await Api.Get("/api/organisations", analyst.Key)).Body);
        Assert.StartsWith("Key,Name,Currency", (await Api.Get("/api/reports/funding?by=standard&format=csv", analyst.Key)).ShouldBe(200).Body);
        (await Api.Get("/api/reports/funding?by=colour", analyst.Key)).ShouldRejectField("by");
    }
}
