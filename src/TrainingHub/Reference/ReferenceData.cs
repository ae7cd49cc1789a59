using System.Collections.Frozen;
using System.Text.Json;

namespace TrainingHub.Reference;

public sealed record StandardElement(string Code, string Title);
public sealed record Standard(string Code, string Title, string Issuer, string Endorsement, int Year,
    IReadOnlyList<StandardElement> Elements);
public sealed record SdgIndicator(string Code, string Title, IReadOnlyList<string> Custodians);
public sealed record CodeName(string Code, string Name);
public sealed record Level(string Code, string Name, string Description);
public sealed record Region(string Code, string Name, string Commission, string Area);
public sealed record Country(string Code, string Alpha2, string Name, IReadOnlyList<string> Regions, string Status);
/// <summary>A group of countries a report can be filtered to (least developed, landlocked developing, small island
/// developing States), with where the list comes from and its date.</summary>
public sealed record CountryGroup(string Code, string Name, string Source, DateOnly AsOf, IReadOnlyList<string> Members);

public sealed record Vocabularies(
    IReadOnlyList<CodeName> DeliveryModes,
    IReadOnlyList<CodeName> TargetAudiences,
    IReadOnlyList<CodeName> Sexes,
    IReadOnlyList<CodeName> OrganisationKinds,
    IReadOnlyList<CodeName> Languages,
    // ISO 4217 codes, current ones and a few recently withdrawn that past training was paid in (HRK, BGN, ANG...).
    IReadOnlyList<string> Currencies,
    IReadOnlyList<CodeName> FundingKinds,
    // How an organisation takes part in another's programme, and who may see a programme.
    IReadOnlyList<CodeName> PartnerRoles,
    IReadOnlyList<CodeName> Visibilities,
    // How a module assesses learning; what a programme review judges, and what it recommends.
    IReadOnlyList<CodeName> AssessmentMethods,
    IReadOnlyList<CodeName> ReviewCriteria,
    IReadOnlyList<CodeName> ReviewRecommendations);

/// <summary>The vocabularies a request may list codes of; each list holds at most as many entries as its vocabulary has codes.</summary>
public enum Vocabulary { Disciplines, Standards, TargetAudiences, DeliveryModes, Languages, Regions, Countries, StandardElements }

/// <summary>
/// The Task Force's vocabularies, shipped as JSON inside the assembly (built from shared/reference/standards.md).
/// Codes are stable once stored in events: add codes, never rename them.
/// </summary>
public sealed class ReferenceData
{
    public static ReferenceData Current { get; } = Load();

    public required IReadOnlyList<Standard> Standards { get; init; }
    public required IReadOnlyList<SdgIndicator> SdgIndicators { get; init; }
    public required IReadOnlyList<CodeName> Disciplines { get; init; }
    public required IReadOnlyList<Level> Levels { get; init; }
    public required IReadOnlyList<Region> Regions { get; init; }
    public required IReadOnlyList<Country> Countries { get; init; }
    public required IReadOnlyList<CountryGroup> CountryGroups { get; init; }
    public required FrozenDictionary<string, CountryGroup> CountryGroupsByCode { get; init; }
    public required Vocabularies Vocabularies { get; init; }

    public required FrozenSet<string> StandardCodes { get; init; }
    public required FrozenSet<string> DisciplineCodes { get; init; }
    public required FrozenSet<string> LevelCodes { get; init; }
    public required FrozenSet<string> RegionCodes { get; init; }
    public required FrozenDictionary<string, Country> CountriesByCode { get; init; }
    public required FrozenSet<string> CountryCodes { get; init; }
    public required FrozenSet<string> DeliveryModeCodes { get; init; }
    public required FrozenSet<string> AudienceCodes { get; init; }
    public required FrozenSet<string> SexCodes { get; init; }
    public required FrozenSet<string> OrganisationKindCodes { get; init; }
    public required FrozenSet<string> LanguageCodes { get; init; }
    public required FrozenSet<string> CurrencyCodes { get; init; }
    public required FrozenSet<string> FundingKindCodes { get; init; }
    public required FrozenSet<string> PartnerRoleCodes { get; init; }
    public required FrozenSet<string> VisibilityCodes { get; init; }
    public required FrozenSet<string> AssessmentMethodCodes { get; init; }
    public required FrozenSet<string> ReviewCriterionCodes { get; init; }
    public required FrozenSet<string> ReviewRecommendationCodes { get; init; }
    /// <summary>Every standard's element tags (EGMS-CF-2021:usual-residence...).</summary>
    public required FrozenSet<string> StandardElementCodes { get; init; }
    /// <summary>The standard each element tag belongs to.</summary>
    public required FrozenDictionary<string, string> StandardOfElement { get; init; }

    private CodeOrdinals? _ordinals;

    /// <summary>The codes numbered for reports' bit sets (built on first use; building twice is harmless).</summary>
    public CodeOrdinals Ordinals => _ordinals ??= new CodeOrdinals(this);

    /// <summary>How many codes a vocabulary has: the most entries a list of its codes may hold in a request.</summary>
    public int Size(Vocabulary vocabulary) => Codes(vocabulary).Count;

    public IReadOnlySet<string> Codes(Vocabulary vocabulary) => vocabulary switch
    {
        Vocabulary.Disciplines => DisciplineCodes,
        Vocabulary.Standards => StandardCodes,
        Vocabulary.TargetAudiences => AudienceCodes,
        Vocabulary.DeliveryModes => DeliveryModeCodes,
        Vocabulary.Languages => LanguageCodes,
        Vocabulary.Regions => RegionCodes,
        Vocabulary.Countries => CountryCodes,
        Vocabulary.StandardElements => StandardElementCodes,
        _ => throw new ArgumentOutOfRangeException(nameof(vocabulary), vocabulary, null),
    };

    public bool IsCountry(string code) => CountriesByCode.ContainsKey(code);

    public IReadOnlyList<string> RegionsOf(string countryCode) =>
        CountriesByCode.TryGetValue(countryCode, out var country) ? country.Regions : [];

    /// <summary>Names for codes, as documents and linked data show them; a code the reference data lacks shows as itself.</summary>
    public string CountryName(string code) => CountriesByCode.TryGetValue(code, out var country) ? country.Name : code;

    public string StandardTitle(string code) => Standards.FirstOrDefault(s => s.Code == code)?.Title ?? code;

    public string DisciplineName(string code) => Disciplines.FirstOrDefault(d => d.Code == code)?.Name ?? code;

    public string ElementTitle(string code) =>
        Standards.SelectMany(s => s.Elements).FirstOrDefault(e => e.Code == code)?.Title ?? code;

    /// <summary>Regions a programme serves: those it names plus the regions of the countries it names.</summary>
    public IReadOnlyList<string> ServedRegions(IEnumerable<string> regions, IEnumerable<string> countries) =>
        regions.Concat(countries.SelectMany(RegionsOf)).Distinct().Order(StringComparer.Ordinal).ToArray();

    private static ReferenceData Load()
    {
        var standards = Read<List<Standard>>("standards.json");
        var disciplines = Read<List<CodeName>>("disciplines.json");
        var levels = Read<List<Level>>("levels.json");
        var regions = Read<List<Region>>("regions.json");
        var countries = Read<List<Country>>("countries.json");
        var vocabularies = Read<Vocabularies>("vocabularies.json");
        var groups = Read<List<CountryGroup>>("country-groups.json");
        return new ReferenceData
        {
            CountryGroups = groups,
            CountryGroupsByCode = groups.ToFrozenDictionary(g => g.Code),
            Standards = standards,
            SdgIndicators = Read<List<SdgIndicator>>("sdg-indicators.json"),
            Disciplines = disciplines,
            Levels = levels,
            Regions = regions,
            Countries = countries,
            Vocabularies = vocabularies,
            StandardCodes = standards.Select(s => s.Code).ToFrozenSet(),
            DisciplineCodes = disciplines.Select(d => d.Code).ToFrozenSet(),
            LevelCodes = levels.Select(l => l.Code).ToFrozenSet(),
            RegionCodes = regions.Select(r => r.Code).ToFrozenSet(),
            CountriesByCode = countries.ToFrozenDictionary(c => c.Code),
            CountryCodes = countries.Select(c => c.Code).ToFrozenSet(),
            DeliveryModeCodes = vocabularies.DeliveryModes.Select(c => c.Code).ToFrozenSet(),
            AudienceCodes = vocabularies.TargetAudiences.Select(c => c.Code).ToFrozenSet(),
            SexCodes = vocabularies.Sexes.Select(c => c.Code).ToFrozenSet(),
            OrganisationKindCodes = vocabularies.OrganisationKinds.Select(c => c.Code).ToFrozenSet(),
            LanguageCodes = vocabularies.Languages.Select(c => c.Code).ToFrozenSet(),
            CurrencyCodes = vocabularies.Currencies.ToFrozenSet(),
            FundingKindCodes = vocabularies.FundingKinds.Select(c => c.Code).ToFrozenSet(),
            PartnerRoleCodes = vocabularies.PartnerRoles.Select(c => c.Code).ToFrozenSet(),
            VisibilityCodes = vocabularies.Visibilities.Select(c => c.Code).ToFrozenSet(),
            AssessmentMethodCodes = vocabularies.AssessmentMethods.Select(c => c.Code).ToFrozenSet(),
            ReviewCriterionCodes = vocabularies.ReviewCriteria.Select(c => c.Code).ToFrozenSet(),
            ReviewRecommendationCodes = vocabularies.ReviewRecommendations.Select(c => c.Code).ToFrozenSet(),
            StandardElementCodes = standards.SelectMany(s => s.Elements).Select(e => e.Code).ToFrozenSet(),
            StandardOfElement = standards.SelectMany(s => s.Elements.Select(e => (e.Code, s.Code)))
                .ToFrozenDictionary(e => e.Item1, e => e.Item2),
        };
    }

    private static T Read<T>(string file)
    {
        var name = $"{typeof(ReferenceData).Namespace}.Data.{file}";
        using var stream = typeof(ReferenceData).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded reference file {name} is missing.");
        return JsonSerializer.Deserialize<T>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"Embedded reference file {name} is empty.");
    }
}
