using Alba;
using Marten.Events;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Reports;

public class CountryGroupTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task The_groups_are_reference_data_with_their_source_and_date()
    {
        var provider = await Api.NewProvider();
        var groups = (await Api.Get("/api/reference/country-groups", provider.Key)).ShouldBe(200).Json.AsArray();
        Assert.Equal(["ldc", "lldc", "sids"], groups.Select(g => g!["code"]!.GetValue<string>()));
        Assert.All(groups, g => Assert.False(string.IsNullOrEmpty(g!["source"]!.GetValue<string>())));
        Assert.Contains("KAZ", groups[1]!["members"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Contains("STP", groups[2]!["members"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public async Task Every_report_narrows_to_a_country_group_by_venue_or_the_countries_a_programme_names()
    {
        var analyst = await Api.NewOrganisationWithKey("Secretariat", Roles.Analyst);
        var (provider, programmeId, _) = await Api.OpenOffering(); // in Kazakhstan: landlocked developing
        await Api.ScheduleOffering(provider.Key, programmeId, Bodies.OpenOffering().With("venueCountry", "FRA"));
        // Online: the programme names Kazakhstan and Kyrgyzstan, both landlocked developing countries.
        await Api.ScheduleOffering(provider.Key, programmeId, Bodies.OpenOffering().With("venueCountry", null)
            .With("deliveryMode", "online"));
        (await Api.Post("/api/needs", Api.AdminKey, new { country = "STP", standards = new[] { "UN-RSIM-R1" }, estimatedTrainees = 10, source = "request" }))
            .ShouldBe(201);
        (await Api.Post("/api/needs", Api.AdminKey, new { country = "KAZ", standards = new[] { "UN-RSIM-R1" }, estimatedTrainees = 10, source = "request" }))
            .ShouldBe(201);
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        int Scheduled(System.Text.Json.Nodes.JsonNode report) =>
            report["lines"]!.AsArray().Sum(l => l!["offeringsScheduled"]!.GetValue<int>());
        Assert.Equal(3, Scheduled((await Api.Get("/api/reports/effectiveness", analyst.Key)).ShouldBe(200).Json));
        var landlocked = (await Api.Get("/api/reports/effectiveness?countryGroup=lldc", analyst.Key)).ShouldBe(200).Json;
        Assert.Equal(2, Scheduled(landlocked));
        Assert.Equal("lldc", landlocked["scope"]!["countryGroup"]!.GetValue<string>());
        Assert.Equal(0, Scheduled((await Api.Get("/api/reports/effectiveness?countryGroup=sids", analyst.Key)).ShouldBe(200).Json));

        var islands = (await Api.Get("/api/reports/gaps?countryGroup=sids", analyst.Key)).ShouldBe(200).Json;
        var africa = islands["regions"]!.AsArray().Single(r => r!["region"]!.GetValue<string>() == "ECA")!["membersWithoutCompletedTrainee"]!
            .AsArray().Select(c => c!.GetValue<string>()).ToArray();
        Assert.Contains("STP", africa);
        Assert.DoesNotContain("NGA", africa);
        var needs = (await Api.Get("/api/reports/needs-supply?countryGroup=sids", analyst.Key)).ShouldBe(200).Json;
        Assert.Equal("STP", needs["needs"]!.AsArray().Single()!["country"]!.GetValue<string>());
        (await Api.Get("/api/reports/overlaps?countryGroup=g77", analyst.Key)).ShouldRejectField("countryGroup");
    }
}
