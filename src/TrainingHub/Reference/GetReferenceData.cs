using Microsoft.AspNetCore.Mvc;
using TrainingHub.Kernel;
using Wolverine.Http;

namespace TrainingHub.Reference;

/// <summary>Read-only vocabularies for any authenticated caller; static, so served from memory.</summary>
public static class GetReferenceDataEndpoints
{
    [WolverineGet("/api/reference/standards", OperationId = "listStandards")]
    public static IReadOnlyList<Standard> Standards(ReferenceData reference) => reference.Standards;

    [WolverineGet("/api/reference/sdg-indicators", OperationId = "listSdgIndicators")]
    public static IReadOnlyList<SdgIndicator> SdgIndicators(ReferenceData reference) => reference.SdgIndicators;

    [WolverineGet("/api/reference/disciplines", OperationId = "listDisciplines")]
    public static IReadOnlyList<CodeName> Disciplines(ReferenceData reference) => reference.Disciplines;

    [WolverineGet("/api/reference/levels", OperationId = "listLevels")]
    public static IReadOnlyList<Level> Levels(ReferenceData reference) => reference.Levels;

    [WolverineGet("/api/reference/regions", OperationId = "listRegions")]
    public static IReadOnlyList<Region> Regions(ReferenceData reference) => reference.Regions;

    [WolverineGet("/api/reference/country-groups", OperationId = "listCountryGroups")]
    public static IReadOnlyList<CountryGroup> CountryGroups(ReferenceData reference) => reference.CountryGroups;

    [WolverineGet("/api/reference/vocabularies", OperationId = "listVocabularies")]
    public static Vocabularies Vocabularies(ReferenceData reference) => reference.Vocabularies;
}

public static class GetCountriesEndpoint
{
    public static ProblemDetails Validate(string? region, ReferenceData reference) =>
        Problems.Invalid(new ValidationErrors().UnknownCode("region", region, reference.RegionCodes));

    [WolverineGet("/api/reference/countries", OperationId = "listCountries")]
    public static IReadOnlyList<Country> Get(string? region, ReferenceData reference) =>
        region is null ? reference.Countries : reference.Countries.Where(c => c.Regions.Contains(region)).ToArray();
}
