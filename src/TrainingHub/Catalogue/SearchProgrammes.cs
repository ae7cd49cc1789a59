using Marten;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Catalogue;

/// <summary>Query string of GET /api/programmes; every filter is optional and they combine with AND.</summary>
public sealed class SearchProgrammes
{
    public string? Discipline { get; set; }
    public string? Standard { get; set; }
    /// <summary>Programmes whose modules teach this element of a standard (EGMS-CF-2021:usual-residence).</summary>
    public string? Element { get; set; }
    public string? Region { get; set; }
    public string? Country { get; set; }
    public string? Level { get; set; }
    public string? Language { get; set; }
    /// <summary>Programmes this organisation provides or co-organises (hosts, technical partners too; not funders).</summary>
    public Guid? Provider { get; set; }
    public string? Q { get; set; }
    public string? Status { get; set; }
    public int? Page { get; set; }
    public int? PageSize { get; set; }

    public static ProblemDetails Validate(SearchProgrammes query, ReferenceData reference) =>
        Problems.Invalid(new ValidationErrors()
            .UnknownCode("discipline", query.Discipline, reference.DisciplineCodes)
            .UnknownCode("standard", query.Standard, reference.StandardCodes)
            .UnknownCode("element", query.Element, reference.StandardElementCodes)
            .UnknownCode("region", query.Region, reference.RegionCodes)
            .UnknownCode("country", query.Country, reference.CountriesByCode.Keys)
            .UnknownCode("level", query.Level, reference.LevelCodes)
            .UnknownCode("language", query.Language, reference.LanguageCodes)
            .UnknownCode("status", query.Status, [ProgrammeStatus.Active, ProgrammeStatus.Retired])
            .When(query.Q is { Length: > 200 }, "q", "At most 200 characters.")
            .CheckPaging(query.Page, query.PageSize));

    /// <summary>The filters, shared by the keyed search and the open catalogue.</summary>
    public static IQueryable<ProgrammeView> Filter(IQueryable<ProgrammeView> programmes, SearchProgrammes query)
    {
        if (query.Discipline is { } discipline) programmes = programmes.Where(p => p.Disciplines.Contains(discipline));
        if (query.Standard is { } standard) programmes = programmes.Where(p => p.Standards.Contains(standard));
        if (query.Element is { } element) programmes = programmes.Where(p => p.Elements.Contains(element));
        if (query.Region is { } region) programmes = programmes.Where(p => p.ServedRegions.Contains(region));
        if (query.Country is { } country) programmes = programmes.Where(p => p.Countries.Contains(country));
        if (query.Level is { } level) programmes = programmes.Where(p => p.Level == level);
        if (query.Language is { } language) programmes = programmes.Where(p => p.Languages.Contains(language));
        if (query.Provider is { } provider)
            programmes = programmes.Where(p => p.ProviderId == provider || p.Organisers.Contains(provider));
        if (query.Status is { } status) programmes = programmes.Where(p => p.Status == status);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var text = query.Q.Trim();
            programmes = programmes.Where(p => p.Title.Contains(text, StringComparison.OrdinalIgnoreCase)
                                               || p.Summary!.Contains(text, StringComparison.OrdinalIgnoreCase));
        }

        return programmes;
    }
}

public static class SearchProgrammesEndpoint
{
    [WolverineGet("/api/programmes", OperationId = "searchProgrammes")]
    [ProducesResponseType<PagedResult<ProgrammeView>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get([FromQuery] SearchProgrammes query, ReferenceData reference, IQuerySession session,
        CancellationToken ct)
    {
        // Validated here, not in a Validate() step, so the query string is bound once.
        var problem = SearchProgrammes.Validate(query, reference);
        if (!problem.IsNone()) return TypedResults.Problem(problem);

        return TypedResults.Ok(await SearchProgrammes.Filter(session.Query<ProgrammeView>(), query)
            .OrderBy(p => p.Title).ThenBy(p => p.Id)
            .ToPageAsync(query.Page, query.PageSize, ct));
    }
}
