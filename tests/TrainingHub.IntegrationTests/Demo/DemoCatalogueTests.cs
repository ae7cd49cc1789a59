using Alba;
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

        Assert.Equal(new DemoCatalogue.Loaded(9, 14, 21), loaded);
        var programmes = await Api.Get("/api/programmes?pageSize=100", Api.AdminKey);
        Assert.Equal(14, programmes.Json["total"]!.GetValue<long>());
        var open = await Api.Get("/api/offerings?openForEnrolment=true", Api.AdminKey);
        Assert.True(open.Json["total"]!.GetValue<long>() >= 3, open.Body);
        var centralAsia = await Api.Get("/api/programmes?country=KAZ", Api.AdminKey);
        Assert.True(centralAsia.Json["total"]!.GetValue<long>() >= 3, centralAsia.Body);
    }
}
