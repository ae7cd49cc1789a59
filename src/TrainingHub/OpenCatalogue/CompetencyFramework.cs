using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using TrainingHub.Reference;

namespace TrainingHub.OpenCatalogue;

// The 1EdTech CASE 1.1 shapes this framework uses, with the binding's JSON names. Inside a package a document carries no
// CFPackageURI and items and associations no CFDocumentURI; fetched alone, they do.

/// <summary>CASE LinkURI (and LinkGenURI, for an association's ends).</summary>
public sealed record CaseLink(string Title, string Identifier, string Uri);

public sealed record CFDocument
{
    public required string Identifier { get; init; }
    public required string Uri { get; init; }
    public required string Creator { get; init; }
    public required string Title { get; init; }
    public required DateTime LastChangeDateTime { get; init; }
    public required string Publisher { get; init; }
    public required string Description { get; init; }
    public required string Language { get; init; }
    public required string Version { get; init; }
    public required string AdoptionStatus { get; init; }
    public string CaseVersion => "1.1";

    [JsonPropertyName("CFPackageURI"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CaseLink? CFPackageUri { get; init; }
}

public sealed record CFItem
{
    public required string Identifier { get; init; }
    public required string Uri { get; init; }
    public required string FullStatement { get; init; }
    public required string HumanCodingScheme { get; init; }
    [JsonPropertyName("CFItemType")] public required string CFItemType { get; init; }
    [JsonPropertyName("CFItemTypeURI")] public required CaseLink CFItemTypeUri { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Notes { get; init; }
    public required string Language { get; init; }
    public required DateTime LastChangeDateTime { get; init; }

    [JsonPropertyName("CFDocumentURI"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CaseLink? CFDocumentUri { get; init; }
}

public sealed record CFAssociation
{
    public required string Identifier { get; init; }
    public required string Uri { get; init; }
    public required string AssociationType { get; init; }
    public required int SequenceNumber { get; init; }
    [JsonPropertyName("originNodeURI")] public required CaseLink OriginNodeUri { get; init; }
    [JsonPropertyName("destinationNodeURI")] public required CaseLink DestinationNodeUri { get; init; }
    public required DateTime LastChangeDateTime { get; init; }

    [JsonPropertyName("CFDocumentURI"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CaseLink? CFDocumentUri { get; init; }
}

public sealed record CFItemType
{
    public required string Identifier { get; init; }
    public required string Uri { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required string HierarchyCode { get; init; }
    public required string TypeCode { get; init; }
    public required DateTime LastChangeDateTime { get; init; }
}

public sealed record CFDefinitions([property: JsonPropertyName("CFItemTypes")] IReadOnlyList<CFItemType> CFItemTypes);

public sealed record CFPackage(
    [property: JsonPropertyName("CFDocument")] CFDocument CFDocument,
    [property: JsonPropertyName("CFItems")] IReadOnlyList<CFItem> CFItems,
    [property: JsonPropertyName("CFAssociations")] IReadOnlyList<CFAssociation> CFAssociations,
    [property: JsonPropertyName("CFDefinitions")] CFDefinitions CFDefinitions);

public sealed record CFDocumentSet([property: JsonPropertyName("CFDocuments")] IReadOnlyList<CFDocument> CFDocuments);

public sealed record CFItemTypeSet([property: JsonPropertyName("CFItemTypes")] IReadOnlyList<CFItemType> CFItemTypes);

/// <summary>
/// The standards of the reference data as one CASE 1.1 competency framework: a document, an item per standard and per
/// element, and isChildOf associations (element to standard, standard to document). Every identifier is a UUID derived
/// from the codes, so it is the same on every node and in every release for as long as the code exists.
/// </summary>
public static class CompetencyFramework
{
    public const string Root = "/ims/case/v1p1";
    public const string StandardType = "Standard";
    public const string ElementType = "Element";
    private const string Publisher = "TrainingHub (UN Task Force on a Global Programme on Migration Statistics)";

    /// <summary>The namespace of the framework's name-based identifiers: changing it renames every identifier.</summary>
    public static readonly Guid IdentifierNamespace = Guid.Parse("8baa9bb0-7df0-4fc3-851d-996849dc7667");

    /// <summary>
    /// When the standards last changed. Harvesters compare lastChangeDateTime to decide what to fetch again, so it must
    /// move when the standards do and only then; the reference data has no date of its own, so it is kept by hand here,
    /// next to the hash of the file as of that date. A unit test fails when the file's hash no longer matches, so a
    /// change to the standards cannot ship without a new date (and hash).
    /// </summary>
    public static readonly DateTime StandardsLastChanged = new(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>SHA-256 (hex, of the text with LF line ends) of Reference/Data/standards.json as of <see cref="StandardsLastChanged"/>.</summary>
    public const string StandardsSha256 = "86eff9c04b94569a988037628dc73f66fff95cd36c3540fba1831b656e0c20f3";

    public static string DocumentId => Identifier("document:standards");

    /// <summary>The identifier of a standard's or an element's item.</summary>
    public static string ItemId(string code) => Identifier($"item:{code}");

    /// <summary>The stable URI of a standard or an element (by its code) under the public base URL.</summary>
    public static string ItemUri(string baseUrl, string code) => ResourceUri(baseUrl, "CFItems", ItemId(code));

    private static string ResourceUri(string baseUrl, string collection, string identifier) =>
        $"{baseUrl}{Root}/{collection}/{identifier}";

    public static CFPackage Package(ReferenceData reference, string baseUrl)
    {
        var standardType = ItemType(baseUrl, StandardType, "An international standard on migration statistics.", "1");
        var elementType = ItemType(baseUrl, ElementType,
            "A concept, definition or recommendation of a standard that a programme can teach.", "1.1");
        var document = new CFDocument
        {
            Identifier = DocumentId,
            Uri = ResourceUri(baseUrl, "CFDocuments", DocumentId),
            Creator = Publisher,
            Publisher = Publisher,
            // Not all "endorsed by the UN Statistical Commission": some come from the ICLS, the IMF or are only presented.
            Title = "International standards on migration statistics",
            Description = "The international standards that capacity-building programmes on migration statistics are " +
                "tagged with, each with the elements (concepts, definitions, recommendations) a programme can teach.",
            Language = "en",
            Version = StandardsLastChanged.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            AdoptionStatus = "Adopted",
            LastChangeDateTime = StandardsLastChanged,
        };
        var documentLink = new CaseLink(document.Title, document.Identifier, document.Uri);

        var items = new List<CFItem>();
        var associations = new List<CFAssociation>();
        foreach (var (standard, position) in reference.Standards.Select((s, i) => (s, i + 1)))
        {
            var standardItem = Item(baseUrl, standard.Code, standard.Title, standardType,
                $"Issued by {standard.Issuer} ({standard.Year}); endorsement: {standard.Endorsement}.");
            items.Add(standardItem);
            associations.Add(ChildOf(baseUrl, Link(standardItem), documentLink, position));
            foreach (var (element, elementPosition) in standard.Elements.Select((e, i) => (e, i + 1)))
            {
                var elementItem = Item(baseUrl, element.Code, element.Title, elementType, notes: null);
                items.Add(elementItem);
                associations.Add(ChildOf(baseUrl, Link(elementItem), Link(standardItem), elementPosition));
            }
        }
        return new CFPackage(document, items, associations, new CFDefinitions([standardType, elementType]));
    }

    /// <summary>The package's document as fetched alone: with the link to its package.</summary>
    public static CFDocument Standalone(CFPackage package, string baseUrl) => package.CFDocument with
    {
        // A document's package has the document's identifier.
        CFPackageUri = new CaseLink(package.CFDocument.Title, package.CFDocument.Identifier,
            ResourceUri(baseUrl, "CFPackages", package.CFDocument.Identifier)),
    };

    public static CaseLink DocumentLink(CFPackage package) =>
        new(package.CFDocument.Title, package.CFDocument.Identifier, package.CFDocument.Uri);

    /// <summary>
    /// An RFC 9562 name-based UUID, version 5 (SHA-1): the same namespace and name always give the same UUID.
    /// .NET has no built-in for it. SHA-1 is what the RFC prescribes here; nothing relies on it for security.
    /// </summary>
    public static Guid NameBasedUuid(Guid @namespace, string name)
    {
        var input = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        @namespace.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input.AsSpan(16));
        var hash = SHA1.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC variant (10xx)
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    private static string Identifier(string name) => NameBasedUuid(IdentifierNamespace, name).ToString();

    private static CFItemType ItemType(string baseUrl, string title, string description, string hierarchyCode)
    {
        var identifier = Identifier($"item-type:{title}");
        return new CFItemType
        {
            Identifier = identifier,
            Uri = ResourceUri(baseUrl, "CFItemTypes", identifier),
            Title = title,
            Description = description,
            HierarchyCode = hierarchyCode,
            TypeCode = title.ToLowerInvariant(),
            LastChangeDateTime = StandardsLastChanged,
        };
    }

    private static CFItem Item(string baseUrl, string code, string statement, CFItemType type, string? notes) => new()
    {
        Identifier = ItemId(code),
        Uri = ItemUri(baseUrl, code),
        FullStatement = statement,
        HumanCodingScheme = code,
        CFItemType = type.Title,
        CFItemTypeUri = new CaseLink(type.Title, type.Identifier, type.Uri),
        Notes = notes,
        Language = "en",
        LastChangeDateTime = StandardsLastChanged,
    };

    private static CaseLink Link(CFItem item) => new(item.FullStatement, item.Identifier, item.Uri);

    private static CFAssociation ChildOf(string baseUrl, CaseLink child, CaseLink parent, int sequenceNumber)
    {
        // Named by the two ends' identifiers: one isChildOf per pair, stable as long as both codes are.
        var identifier = Identifier($"association:isChildOf:{child.Identifier}:{parent.Identifier}");
        return new CFAssociation
        {
            Identifier = identifier,
            Uri = ResourceUri(baseUrl, "CFAssociations", identifier),
            AssociationType = "isChildOf",
            SequenceNumber = sequenceNumber,
            OriginNodeUri = child,
            DestinationNodeUri = parent,
            LastChangeDateTime = StandardsLastChanged,
        };
    }
}
