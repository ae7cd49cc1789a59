using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Reference;

public class ReferenceEndpointTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Theory]
    [InlineData("standards", 10)]
    [InlineData("disciplines", 7)]
    [InlineData("levels", 3)]
    [InlineData("regions", 5)]
    [InlineData("countries", 249)]
    public async Task Any_authenticated_caller_reads_the_vocabularies(string list, int count)
    {
        var partner = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        var response = await Api.Get($"/api/reference/{list}", partner.Key);
        response.ShouldBe(200);
        Assert.Equal(count, response.Json.AsArray().Count);
        (await Api.Get($"/api/reference/{list}", null)).ShouldBe(401);
    }

    [Fact]
    public async Task Countries_carry_their_commission_memberships()
    {
        var response = await Api.Get("/api/reference/countries?region=ESCWA", Api.AdminKey);
        var egypt = response.Json.AsArray().Single(c => c!["code"]!.GetValue<string>() == "EGY");
        Assert.Equal(["ECA", "ESCWA"], egypt!["regions"]!.AsArray().Select(r => r!.GetValue<string>()));
        (await Api.Get("/api/reference/countries?region=NOPE", Api.AdminKey)).ShouldRejectField("region");
    }
}
