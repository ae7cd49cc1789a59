using TrainingHub.Reference;

namespace TrainingHub.UnitTests.Reference;

public class ReferenceDataTests
{
    private static readonly ReferenceData Reference = ReferenceData.Current;

    [Fact]
    public void Every_ISO_3166_alpha3_code_is_present_once()
    {
        Assert.Equal(249, Reference.Countries.Count);
        Assert.Equal(249, Reference.CountriesByCode.Count);
        Assert.All(Reference.Countries, c => Assert.Matches("^[A-Z]{3}$", c.Code));
    }

    [Fact]
    public void The_seven_disciplines_three_levels_and_five_commissions_are_there()
    {
        Assert.Equal(["demography", "sociology", "economics", "environmental-studies", "political-science",
            "behavioural-research", "it-data-science"], Reference.Disciplines.Select(d => d.Code));
        Assert.Equal(["basic", "intermediate", "advanced"], Reference.Levels.Select(l => l.Code));
        Assert.Equal(["ECA", "ECE", "ECLAC", "ESCAP", "ESCWA"], Reference.Regions.Select(r => r.Code).Order());
    }

    [Fact]
    public void All_ten_standards_have_stable_codes_and_element_tags()
    {
        Assert.Equal(10, Reference.Standards.Count);
        Assert.Contains(Reference.Standards, s => s.Code == "EGMS-CF-2021" && s.Elements.Count == 8);
        Assert.All(Reference.Standards.SelectMany(s => s.Elements.Select(e => (s.Code, e.Code))),
            pair => Assert.StartsWith(pair.Item1 + ":", pair.Item2));
    }

    [Theory]
    [InlineData("KAZ", new[] { "ECE", "ESCAP" })]
    [InlineData("TUR", new[] { "ECE", "ESCAP" })]
    [InlineData("EGY", new[] { "ECA", "ESCWA" })]
    [InlineData("MEX", new[] { "ECLAC" })]
    [InlineData("FRA", new[] { "ECE" })]
    [InlineData("USA", new[] { "ECE" })]
    [InlineData("BTN", new[] { "ESCAP" })]
    [InlineData("STP", new[] { "ECA" })]
    public void Countries_belong_to_their_geographic_commissions(string country, string[] regions) =>
        Assert.Equal(regions, Reference.RegionsOf(country).Order());

    [Fact]
    public void A_programme_serves_its_regions_and_the_regions_of_its_countries() =>
        Assert.Equal(["ECA", "ECE", "ESCAP"], Reference.ServedRegions(["ECA"], ["KAZ"]));
}
