using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Needs;

/// <summary>Query string of GET /api/needs; every filter is optional and they combine with AND.</summary>
public sealed class SearchTrainingNeeds
{
    public string? Country { get; set; }
    public string? Region { get; set; }
    public string? Standard { get; set; }
    public string? Discipline { get; set; }
    public string? Status { get; set; }
    public string? Priority { get; set; }
    public string? Source { get; set; }
    public int? Page { get; set; }
    public int? PageSize { get; set; }

    public static ProblemDetails Validate(SearchTrainingNeeds query, ReferenceData reference) =>
        Problems.Invalid(new ValidationErrors()
            .UnknownCode("country", query.Country, reference.CountriesByCode.Keys)
            .UnknownCode("region", query.Region, reference.RegionCodes)
            .UnknownCode("standard", query.Standard, reference.StandardCodes)
            .UnknownCode("discipline", query.Discipline, reference.DisciplineCodes)
            .UnknownCode("status", query.Status, [NeedStatus.Open, NeedStatus.Met, NeedStatus.Withdrawn])
            .UnknownCode("priority", query.Priority, NeedInput.Priorities)
            .UnknownCode("source", query.Source, NeedInput.Sources)
            .CheckPaging(query.Page, query.PageSize));
}

public static class SearchTrainingNeedsEndpoint
{
    /// <summary>Analysts and admin see every need; a national institution or regional commission the needs of the
    /// countries it speaks for; partners none. Ordered by country, needed-by date (undated last), then id.</summary>
    [WolverineGet("/api/needs", OperationId = "searchTrainingNeeds")]
    [ProducesResponseType<PagedResult<TrainingNeedView>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get([FromQuery] SearchTrainingNeeds query, ReferenceData reference,
        IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var problem = SearchTrainingNeeds.Validate(query, reference);
        if (!problem.IsNone()) return TypedResults.Problem(problem);
        var caller = user.Caller();
        if (caller.Role == Roles.Partner)
            return TypedResults.Problem(Problems.Forbidden("Training needs are read by analysts, admin and the organisations that record them."));

        IQueryable<TrainingNeedView> needs = session.Query<TrainingNeedView>();
        if (!caller.IsAnalyst)
        {
            var authority = await GetTrainingNeedEndpoints.AuthorityAsync(session, caller, reference, ct);
            if (!authority.Everywhere)
            {
                var countries = authority.Countries.ToArray();
                needs = needs.Where(n => countries.Contains(n.Country));
            }
        }
        if (query.Country is { } country) needs = needs.Where(n => n.Country == country);
        if (query.Region is { } region) needs = needs.Where(n => n.Regions.Contains(region));
        if (query.Standard is { } standard) needs = needs.Where(n => n.Standards.Contains(standard));
        if (query.Discipline is { } discipline) needs = needs.Where(n => n.Disciplines.Contains(discipline));
        if (query.Status is { } status) needs = needs.Where(n => n.Status == status);
        if (query.Priority is { } priority) needs = needs.Where(n => n.Priority == priority);
        if (query.Source is { } source) needs = needs.Where(n => n.Source == source);

        return TypedResults.Ok(await needs.OrderBy(n => n.Country).ThenBy(n => n.NeededBy).ThenBy(n => n.Id)
            .ToPageAsync(query.Page, query.PageSize, ct));
    }
}
