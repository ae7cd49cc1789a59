using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Catalogue;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.OpenCatalogue;

/// <summary>
/// The open catalogue's offerings as an iCalendar feed (RFC 5545) to subscribe to, with the offering search's filters.
/// Each offering keeps its UID; its SEQUENCE counts the changes to it and to its programme, so a calendar replaces the
/// copy it holds; a cancelled offering stays in the feed as STATUS:CANCELLED, so subscribers see it removed.
/// </summary>
public static class GetOfferingCalendarEndpoint
{
    public const int DefaultEntries = 500;
    public const int MaxEntries = 1000;

    [WolverineGet("/api/public/calendar.ics", OperationId = "getOfferingCalendar")]
    [AllowAnonymous]
    [Produces("text/calendar")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/calendar")]
    public static async Task<IResult> Get([FromQuery] SearchOfferings query, ReferenceData reference, IQuerySession session,
        TrainingHubOptions options, TimeProvider clock, HttpRequest request, CancellationToken ct)
    {
        // A calendar is read whole, so its page is larger than a search's (page and pageSize still page through it).
        var problem = SearchOfferings.Validate(query, reference, MaxEntries);
        if (!problem.IsNone()) return TypedResults.Problem(problem);

        var offerings = await SearchOfferings.FilterAsync(await PublicCatalogue.OfferingsAsync(session, ct), query, session,
            clock.GetUtcNow(), ct);
        var page = await offerings.OrderBy(o => o.StartDate).ThenBy(o => o.Id)
            .ToPageAsync(query.Page, query.PageSize ?? DefaultEntries, ct);
        var baseUrl = PublicAddress.Base(request, options);
        var entries = (await PublicCatalogue.DescribeAsync(session, page.Items, ct)).Select(l => Entry(l, baseUrl, reference));
        var calendar = OfferingCalendar.Write("TrainingHub: training on migration statistics", entries,
            new Uri(baseUrl).Host);
        return TypedResults.Text(calendar, "text/calendar; charset=utf-8");
    }

    private static CalendarEntry Entry(PublicListing listing, string baseUrl, ReferenceData reference)
    {
        var (offering, programme) = (listing.Offering, listing.Programme);
        var place = offering.VenueCountry is { } venue ? reference.CountryName(venue) : "Online";
        var partners = programme.Partners.Count == 0 ? ""
            : $" with {string.Join(", ", programme.Partners.Select(p => $"{p.Organisation.Name} ({p.Role})"))}";
        // No seat count: enrolments do not raise the SEQUENCE, so the entry holds only what does.
        var description = $"{programme.Provider.Name}{partners}. {offering.DeliveryMode}, in {offering.Language}, " +
                          $"{offering.Capacity} seats.";
        if (programme.Summary is { } summary) description += "\n\n" + summary;
        return new CalendarEntry(offering.Id, programme.Title, description, offering.StartDate, offering.EndDate,
            offering.Status == OfferingStatus.Cancelled,
            // Each change to the offering or to its programme adds one to one of the two versions.
            listing.OfferingVersion - 1 + listing.ProgrammeVersion - 1,
            offering.UpdatedAt > programme.UpdatedAt ? offering.UpdatedAt : programme.UpdatedAt,
            place, LinkedData.OfferingUri(baseUrl, offering.Id));
    }
}
