using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Catalogue;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.OpenCatalogue;

/// <summary>The published programmes, without a key, with the keyed search's filters.</summary>
public static class SearchPublicProgrammesEndpoint
{
    [WolverineGet("/api/public/programmes", OperationId = "searchPublicProgrammes")]
    [AllowAnonymous]
    [ProducesResponseType<PagedResult<PublicProgramme>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get([FromQuery] SearchProgrammes query, ReferenceData reference, IQuerySession session,
        CancellationToken ct)
    {
        var problem = SearchProgrammes.Validate(query, reference);
        if (!problem.IsNone()) return TypedResults.Problem(problem);

        var page = await SearchProgrammes.Filter(PublicCatalogue.Programmes(session), query)
            .OrderBy(p => p.Title).ThenBy(p => p.Id)
            .ToPageAsync(query.Page, query.PageSize, ct);
        return TypedResults.Ok(new PagedResult<PublicProgramme>(await PublicCatalogue.DescribeAsync(session, page.Items, ct),
            page.Page, page.PageSize, page.Total));
    }
}
