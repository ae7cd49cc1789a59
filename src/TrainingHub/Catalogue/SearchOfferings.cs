using Marten;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Catalogue;

/// <summary>
/// Query string of GET /api/offerings. An offering is in a country or region by its venue; an online or
/// self-paced one (no venue) is in every country and region its programme serves.
/// from/to select offerings whose dates intersect the range.
/// </summary>
public sealed class SearchOfferings
{
    public Guid? Programme { get; set; }
    /// <summary>Offerings of the programmes this organisation provides or co-organises.</summary>
    public Guid? Provider { get; set; }
    public string? Country { get; set; }
    public string? Region { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public bool? OpenForEnrolment { get; set; }
    public string? Status { get; set; }
    public int? Page { get; set; }
    public int? PageSize { get; set; }

    public static ProblemDetails Validate(SearchOfferings query, ReferenceData reference, int maxPageSize = Paging.MaxPageSize) =>
        Problems.Invalid(new ValidationErrors()
            .UnknownCode("country", query.Country, reference.CountriesByCode.Keys)
            .UnknownCode("region", query.Region, reference.RegionCodes)
            .UnknownCode("status", query.Status, [OfferingStatus.Scheduled, OfferingStatus.Cancelled])
            .CheckDate("from", query.From)
            .CheckDate("to", query.To)
            .When(query.From is not null && query.To is not null && query.To < query.From, "to", "Must not be before from.")
            .CheckPaging(query.Page, query.PageSize, maxPageSize));

    /// <summary>The filters, shared by the keyed search, the open catalogue and its calendar.</summary>
    public static async Task<IQueryable<OfferingView>> FilterAsync(IQueryable<OfferingView> offerings, SearchOfferings query,
        IQuerySession session, DateTimeOffset now, CancellationToken ct)
    {
        if (query.Programme is { } programme) offerings = offerings.Where(o => o.ProgrammeId == programme);
        if (query.Provider is { } provider)
        {
            var joint = await ProgrammesWhere(session, p => p.Organisers.Contains(provider) && p.ProviderId != provider, ct);
            offerings = offerings.Where(o => o.ProviderId == provider || joint.Contains(o.ProgrammeId));
        }
        if (query.Status is { } status) offerings = offerings.Where(o => o.Status == status);
        if (query.From is { } from) offerings = offerings.Where(o => o.EndDate >= from);
        if (query.To is { } to) offerings = offerings.Where(o => o.StartDate <= to);
        if (query.Country is { } country)
        {
            var serving = await ProgrammesWhere(session, p => p.Countries.Contains(country), ct);
            offerings = offerings.Where(o => o.VenueCountry == country
                                             || (o.VenueCountry == null && serving.Contains(o.ProgrammeId)));
        }
        if (query.Region is { } region)
        {
            var serving = await ProgrammesWhere(session, p => p.ServedRegions.Contains(region), ct);
            offerings = offerings.Where(o => o.VenueRegions.Contains(region)
                                             || (o.VenueCountry == null && serving.Contains(o.ProgrammeId)));
        }
        if (query.OpenForEnrolment is { } open)
        {
            offerings = open
                ? offerings.Where(o => o.Status == OfferingStatus.Scheduled
                                       && (o.EnrolmentOpensAt == null || o.EnrolmentOpensAt <= now)
                                       && o.EffectiveEnrolmentClosesAt > now)
                : offerings.Where(o => o.Status != OfferingStatus.Scheduled
                                       || (o.EnrolmentOpensAt != null && o.EnrolmentOpensAt > now)
                                       || o.EffectiveEnrolmentClosesAt <= now);
        }

        return offerings;
    }

    public static async Task<Guid[]> ProgrammesWhere(IQuerySession session,
        System.Linq.Expressions.Expression<Func<ProgrammeView, bool>> filter, CancellationToken ct) =>
        [.. await session.Query<ProgrammeView>().Where(filter).Select(p => p.Id).ToListAsync(ct)];
}

public static class SearchOfferingsEndpoint
{
    [WolverineGet("/api/offerings", OperationId = "searchOfferings")]
    [ProducesResponseType<PagedResult<OfferingView>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get([FromQuery] SearchOfferings query, ReferenceData reference, IQuerySession session,
        TimeProvider clock, CancellationToken ct)
    {
        // Validated here, not in a Validate() step, so the query string is bound once.
        var problem = SearchOfferings.Validate(query, reference);
        if (!problem.IsNone()) return TypedResults.Problem(problem);

        var offerings = await SearchOfferings.FilterAsync(session.Query<OfferingView>(), query, session, clock.GetUtcNow(), ct);
        return TypedResults.Ok(await offerings.OrderBy(o => o.StartDate).ThenBy(o => o.Id)
            .ToPageAsync(query.Page, query.PageSize, ct));
    }
}
