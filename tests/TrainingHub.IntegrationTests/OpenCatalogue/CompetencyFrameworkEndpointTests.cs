using TrainingHub.IntegrationTests.Support;
using TrainingHub.OpenCatalogue;

namespace TrainingHub.IntegrationTests.OpenCatalogue;

public class CompetencyFrameworkEndpointTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private const string Root = "/ims/case/v1p1";

    [Fact]
    public async Task The_document_list_leads_to_the_package_without_a_key()
    {
        var documents = (await Api.Get($"{Root}/CFDocuments", key: null)).ShouldBe(200).Json["CFDocuments"]!.AsArray();
        var document = Assert.Single(documents)!;
        var id = document["identifier"]!.GetValue<string>();
        Assert.EndsWith($"{Root}/CFPackages/{id}", document["CFPackageURI"]!["uri"]!.GetValue<string>());

        Assert.Equal(id, (await Api.Get($"{Root}/CFDocuments/{id}", null)).ShouldBe(200).Json["identifier"]!.GetValue<string>());
        var package = (await Api.Get($"{Root}/CFPackages/{id}", null)).ShouldBe(200).Json;
        Assert.Equal(id, package["CFDocument"]!["identifier"]!.GetValue<string>());
        Assert.Equal(10, package["CFItems"]!.AsArray().Count(i => i!["CFItemType"]!.GetValue<string>() == "Standard"));
    }

    [Fact]
    public async Task Items_associations_and_item_types_resolve_by_the_identifiers_in_the_package()
    {
        var package = (await Api.Get($"{Root}/CFPackages/{CompetencyFramework.DocumentId}", null)).ShouldBe(200).Json;
        var item = package["CFItems"]!.AsArray().Single(i => i!["humanCodingScheme"]!.GetValue<string>() == "EGMS-CF-2021:usual-residence")!;
        var itemId = item["identifier"]!.GetValue<string>();

        var fetched = (await Api.Get($"{Root}/CFItems/{itemId}", null)).ShouldBe(200).Json;
        Assert.Equal("Usual residence (the 12-month criteria)", fetched["fullStatement"]!.GetValue<string>());
        Assert.Equal(CompetencyFramework.DocumentId, fetched["CFDocumentURI"]!["identifier"]!.GetValue<string>());
        // Links are absolute and point back here: the item's own uri is where it was fetched.
        Assert.EndsWith($"{Root}/CFItems/{itemId}", fetched["uri"]!.GetValue<string>());
        Assert.StartsWith("http", fetched["uri"]!.GetValue<string>());

        var association = package["CFAssociations"]!.AsArray()
            .Single(a => a!["originNodeURI"]!["identifier"]!.GetValue<string>() == itemId)!;
        var fetchedAssociation = (await Api.Get($"{Root}/CFAssociations/{association["identifier"]!.GetValue<string>()}", null)).ShouldBe(200).Json;
        Assert.Equal("isChildOf", fetchedAssociation["associationType"]!.GetValue<string>());
        Assert.Equal(CompetencyFramework.ItemId("EGMS-CF-2021"), fetchedAssociation["destinationNodeURI"]!["identifier"]!.GetValue<string>());

        var typeId = item["CFItemTypeURI"]!["identifier"]!.GetValue<string>();
        var types = (await Api.Get($"{Root}/CFItemTypes/{typeId}", null)).ShouldBe(200).Json["CFItemTypes"]!.AsArray();
        Assert.Equal("Element", Assert.Single(types)!["title"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("CFDocuments")]
    [InlineData("CFPackages")]
    [InlineData("CFItems")]
    [InlineData("CFAssociations")]
    [InlineData("CFItemTypes")]
    public async Task An_unknown_or_malformed_identifier_is_a_404_problem(string collection)
    {
        (await Api.Get($"{Root}/{collection}/{Guid.NewGuid()}", null)).ShouldBe(404);
        (await Api.Get($"{Root}/{collection}/not-a-uuid", null)).ShouldBe(404);
        (await Api.Get($"{Root}/{collection}/{new string('9', 300)}", null)).ShouldBe(404);
    }
}
