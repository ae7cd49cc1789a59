using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Catalogue;

public class SearchProgrammesTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private async Task<(Provider unfpa, Provider iom)> Catalogue()
    {
        var unfpa = await Api.NewProvider("UNFPA");
        var iom = await Api.NewProvider("IOM");
        await Api.RegisterProgramme(unfpa.Key, Bodies.Programme("Migration statistics for Central Asia"));
        await Api.RegisterProgramme(unfpa.Key, Bodies.Programme("Analysis of migration for state officers")
            .With("regions", Array.Empty<string>()).With("countries", new[] { "MEX" })
            .With("languages", new[] { "es" }).With("level", "basic")
            .With("standards", new[] { "UN-PRC-R3" }));
        await Api.RegisterProgramme(iom.Key, Bodies.Programme("Introductory course to migration data in Africa")
            .With("summary", "Three online modules on data SOURCES")
            .With("regions", new[] { "ECA" }).With("countries", Array.Empty<string>())
            .With("disciplines", new[] { "sociology" }).With("languages", new[] { "en", "fr" })
            .With("standards", new[] { "EGMS-CF-2021", "EGRISS-IRRS" }));
        return (unfpa, iom);
    }

    private async Task<string[]> Titles(string query, string key)
    {
        var response = await Api.Get("/api/programmes" + query, key);
        response.ShouldBe(200);
        return response.Json["items"]!.AsArray().Select(p => p!["title"]!.GetValue<string>()).ToArray();
    }

    [Fact]
    public async Task Filters_combine_and_results_are_ordered_by_title()
    {
        var (unfpa, iom) = await Catalogue();
        var key = unfpa.Key;

        Assert.Equal(["Analysis of migration for state officers", "Introductory course to migration data in Africa",
            "Migration statistics for Central Asia"], await Titles("", key));
        Assert.Equal(["Introductory course to migration data in Africa"], await Titles("?discipline=sociology", key));
        Assert.Equal(["Analysis of migration for state officers"], await Titles("?standard=UN-PRC-R3", key));
        Assert.Equal(["Analysis of migration for state officers"], await Titles("?region=ECLAC", key));
        Assert.Equal(["Migration statistics for Central Asia"], await Titles("?region=ESCAP", key));
        Assert.Equal(["Migration statistics for Central Asia"], await Titles("?country=KAZ", key));
        Assert.Equal(["Analysis of migration for state officers"], await Titles("?level=basic", key));
        Assert.Equal(["Introductory course to migration data in Africa"], await Titles("?language=fr", key));
        Assert.Equal(["Introductory course to migration data in Africa"], await Titles($"?provider={iom.Id}", key));
        Assert.Equal(["Introductory course to migration data in Africa"], await Titles("?q=sources", key));
        Assert.Equal(["Migration statistics for Central Asia"], await Titles("?q=CENTRAL&discipline=demography", key));
        Assert.Empty(await Titles("?standard=IMF-RCG", key));
    }

    [Fact]
    public async Task Pages_are_stable_and_carry_the_total()
    {
        var provider = await Api.NewProvider();
        foreach (var title in new[] { "E", "C", "A", "D", "B" })
            await Api.RegisterProgramme(provider.Key, Bodies.Programme(title));

        var first = await Api.Get("/api/programmes?page=1&pageSize=2", provider.Key);
        var third = await Api.Get("/api/programmes?page=3&pageSize=2", provider.Key);

        Assert.Equal(5, first.Json["total"]!.GetValue<long>());
        Assert.Equal(["A", "B"], first.Json["items"]!.AsArray().Select(p => p!["title"]!.GetValue<string>()));
        Assert.Equal(["E"], third.Json["items"]!.AsArray().Select(p => p!["title"]!.GetValue<string>()));
        Assert.Equal(3, third.Json["page"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("?discipline=astrology", "discipline")]
    [InlineData("?region=EUROPE", "region")]
    [InlineData("?country=XXX", "country")]
    [InlineData("?page=0", "page")]
    [InlineData("?pageSize=1000", "pageSize")]
    public async Task Bad_filters_are_422(string query, string field)
    {
        var provider = await Api.NewProvider();
        (await Api.Get("/api/programmes" + query, provider.Key)).ShouldRejectField(field);
    }

    [Fact]
    public async Task Unparseable_query_values_are_400()
    {
        var provider = await Api.NewProvider();
        (await Api.Get("/api/programmes?page=abc", provider.Key)).ShouldBe(400);
        (await Api.Get("/api/programmes?provider=not-a-guid", provider.Key)).ShouldBe(400);
    }
}
