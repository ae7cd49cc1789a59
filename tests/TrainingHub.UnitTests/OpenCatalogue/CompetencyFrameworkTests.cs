using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingHub.OpenCatalogue;
using TrainingHub.Reference;

namespace TrainingHub.UnitTests.OpenCatalogue;

public class CompetencyFrameworkTests
{
    private const string BaseUrl = "https://traininghub.example.org";
    private static readonly ReferenceData Reference = ReferenceData.Current;
    private static readonly CFPackage Package = CompetencyFramework.Package(Reference, BaseUrl);

    private static IEnumerable<string> AllIdentifiers(CFPackage package) =>
        new[] { package.CFDocument.Identifier }
            .Concat(package.CFItems.Select(i => i.Identifier))
            .Concat(package.CFAssociations.Select(a => a.Identifier))
            .Concat(package.CFDefinitions.CFItemTypes.Select(t => t.Identifier));

    [Fact]
    public void Name_based_uuids_match_the_RFC_9562_test_vector()
    {
        var dns = Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        Assert.Equal(Guid.Parse("2ed6657d-e927-568b-95e1-2665a8aea6a2"), CompetencyFramework.NameBasedUuid(dns, "www.example.com"));
    }

    [Fact]
    public void One_item_per_standard_and_per_element_under_one_document()
    {
        var standards = Package.CFItems.Where(i => i.CFItemType == CompetencyFramework.StandardType).ToList();
        var elements = Package.CFItems.Where(i => i.CFItemType == CompetencyFramework.ElementType).ToList();

        Assert.Equal(Reference.Standards.Select(s => s.Code), standards.Select(i => i.HumanCodingScheme));
        Assert.Equal(Reference.Standards.Select(s => s.Title), standards.Select(i => i.FullStatement));
        Assert.Equal(Reference.Standards.SelectMany(s => s.Elements).Select(e => e.Code), elements.Select(i => i.HumanCodingScheme));
        Assert.Equal(Reference.Standards.SelectMany(s => s.Elements).Select(e => e.Title), elements.Select(i => i.FullStatement));
        Assert.Equal(standards.Count + elements.Count, Package.CFItems.Count);

        var egms = standards.Single(i => i.HumanCodingScheme == "EGMS-CF-2021");
        Assert.Contains("UN Expert Group on Migration Statistics", egms.Notes);
        Assert.Contains("UN Statistical Commission decision 52/109", egms.Notes);
        Assert.Contains("2021", egms.Notes);
    }

    [Fact]
    public void Every_element_is_child_of_its_standard_and_every_standard_of_the_document()
    {
        var parentOf = Package.CFAssociations.Where(a => a.AssociationType == "isChildOf")
            .ToDictionary(a => a.OriginNodeUri.Identifier, a => (a.DestinationNodeUri.Identifier, a.SequenceNumber));

        Assert.Equal(Package.CFItems.Count, Package.CFAssociations.Count);
        foreach (var (standard, position) in Reference.Standards.Select((s, i) => (s, i + 1)))
        {
            var standardId = CompetencyFramework.ItemId(standard.Code);
            Assert.Equal((Package.CFDocument.Identifier, position), parentOf[standardId]);
            foreach (var (element, elementPosition) in standard.Elements.Select((e, i) => (e, i + 1)))
                Assert.Equal((standardId, elementPosition), parentOf[CompetencyFramework.ItemId(element.Code)]);
        }
    }

    [Fact]
    public void Every_association_and_item_type_link_points_at_something_in_the_package()
    {
        var nodes = Package.CFItems.Select(i => (i.Identifier, i.Uri)).Append((Package.CFDocument.Identifier, Package.CFDocument.Uri)).ToHashSet();
        Assert.All(Package.CFAssociations, a =>
        {
            Assert.Contains((a.OriginNodeUri.Identifier, a.OriginNodeUri.Uri), nodes);
            Assert.Contains((a.DestinationNodeUri.Identifier, a.DestinationNodeUri.Uri), nodes);
        });
        var types = Package.CFDefinitions.CFItemTypes.ToDictionary(t => t.Title);
        Assert.Equal([CompetencyFramework.StandardType, CompetencyFramework.ElementType], types.Keys);
        Assert.All(Package.CFItems, i => Assert.Equal(types[i.CFItemType].Identifier, i.CFItemTypeUri.Identifier));
    }

    [Fact]
    public void Identifiers_are_unique_version_5_uuids_and_the_same_on_every_build()
    {
        var identifiers = AllIdentifiers(Package).ToList();
        Assert.Equal(identifiers.Count, identifiers.Distinct().Count());
        Assert.All(identifiers, id =>
        {
            Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
            Assert.Equal(5, Guid.Parse(id).Version);
        });
        Assert.Equal(identifiers, AllIdentifiers(CompetencyFramework.Package(Reference, "http://elsewhere.example")));
    }

    [Fact]
    public void A_standards_identifier_is_pinned_forever()
    {
        // Computed independently (Python uuid.uuid5). Published identifiers: a change breaks every alignment made to them.
        const string pinned = "0418b0c2-b946-5d6a-a0f8-3dd7747390aa";
        Assert.Equal(pinned, CompetencyFramework.ItemId("EGMS-CF-2021"));
        Assert.Equal($"{BaseUrl}/ims/case/v1p1/CFItems/{pinned}", CompetencyFramework.ItemUri(BaseUrl, "EGMS-CF-2021"));
        Assert.Contains(Package.CFItems, i => i.Identifier == pinned && i.HumanCodingScheme == "EGMS-CF-2021");
    }

    [Fact]
    public void Uris_live_under_the_base_url_by_kind_and_identifier()
    {
        Assert.Equal($"{BaseUrl}/ims/case/v1p1/CFDocuments/{Package.CFDocument.Identifier}", Package.CFDocument.Uri);
        Assert.All(Package.CFItems, i => Assert.Equal($"{BaseUrl}/ims/case/v1p1/CFItems/{i.Identifier}", i.Uri));
        Assert.All(Package.CFAssociations, a => Assert.Equal($"{BaseUrl}/ims/case/v1p1/CFAssociations/{a.Identifier}", a.Uri));
        Assert.All(Package.CFDefinitions.CFItemTypes, t => Assert.Equal($"{BaseUrl}/ims/case/v1p1/CFItemTypes/{t.Identifier}", t.Uri));
        Assert.Equal($"{BaseUrl}/ims/case/v1p1/CFPackages/{Package.CFDocument.Identifier}",
            CompetencyFramework.Standalone(Package, BaseUrl).CFPackageUri!.Uri);
    }

    [Fact]
    public void The_last_change_date_moves_with_the_standards()
    {
        // standards.json has no date of its own: when this fails, the standards changed, so set
        // CompetencyFramework.StandardsLastChanged to the day they did and StandardsSha256 to this hash.
        using var stream = typeof(ReferenceData).Assembly.GetManifestResourceStream("TrainingHub.Reference.Data.standards.json")!;
        var text = new StreamReader(stream).ReadToEnd().ReplaceLineEndings("\n"); // a Windows checkout's CRLF is no change
        Assert.Equal(CompetencyFramework.StandardsSha256, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));

        Assert.Equal(CompetencyFramework.StandardsLastChanged, Package.CFDocument.LastChangeDateTime);
        Assert.All(Package.CFItems, i => Assert.Equal(CompetencyFramework.StandardsLastChanged, i.LastChangeDateTime));
        Assert.All(Package.CFAssociations, a => Assert.Equal(CompetencyFramework.StandardsLastChanged, a.LastChangeDateTime));
    }

    [Fact]
    public void Serialises_with_the_CASE_property_names()
    {
        var json = JsonSerializer.SerializeToNode(Package, JsonSerializerOptions.Web)!.AsObject();

        Assert.Equal(["CFDocument", "CFItems", "CFAssociations", "CFDefinitions"], json.Select(p => p.Key));
        var document = json["CFDocument"]!.AsObject();
        Assert.Equal("2026-11-23T00:00:00Z", document["lastChangeDateTime"]!.GetValue<string>());
        Assert.Equal("1.1", document["caseVersion"]!.GetValue<string>());
        Assert.False(document.ContainsKey("CFPackageURI"));
        var item = json["CFItems"]![0]!.AsObject();
        Assert.Subset(item.Select(p => p.Key).ToHashSet(),
            new HashSet<string> { "identifier", "uri", "fullStatement", "humanCodingScheme", "CFItemType", "CFItemTypeURI", "lastChangeDateTime" });
        Assert.False(item.ContainsKey("CFDocumentURI"));
        Assert.Equal(["title", "identifier", "uri"], item["CFItemTypeURI"]!.AsObject().Select(p => p.Key));
        var association = json["CFAssociations"]![0]!.AsObject();
        Assert.Subset(association.Select(p => p.Key).ToHashSet(),
            new HashSet<string> { "identifier", "uri", "associationType", "sequenceNumber", "originNodeURI", "destinationNodeURI" });
        Assert.NotNull(json["CFDefinitions"]!["CFItemTypes"]![0]!["hierarchyCode"]);
    }
}
