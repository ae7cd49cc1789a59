using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Catalogue;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.OpenCatalogue;

/// <summary>The offerings of published programmes, without a key, with the keyed search's filters.</summary>
public static class SearchPublicOfferingsEndpoint
{
    [WolverineGet("/api/public/offerings", OperationId = "searchPublicOfferings")]
    [AllowAnonymous]
    [ProducesResponseType<PagedResult<PublicOffering>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get([FromQuery] SearchOfferings query, ReferenceData reference, IQuerySession session,
        TimeProvider clock, CancellationToken ct)
    {
        var problem = SearchOfferings.Validate(query, reference);
        if (!problem.IsNone()) return TypedResults.Problem(problem);

        var offerings = await SearchOfferings.FilterAsync(await PublicCatalogue.OfferingsAsync(session, ct), query, session,
            clock.GetUtcNow(), ct);
        var page = await offerings.OrderBy(o => o.StartDate).ThenBy(o => o.Id).ToPageAsync(query.Page, query.PageSize, ct);
        var listings = await PublicCatalogue.DescribeAsync(session, page.Items, ct);
        return TypedResults.Ok(new PagedResult<PublicOffering>([.. listings.Select(l => l.Offering)], page.Page,
            page.PageSize, page.Total));
    }
}
