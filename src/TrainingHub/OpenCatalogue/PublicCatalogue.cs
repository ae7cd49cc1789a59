using Marten;
using TrainingHub.Access;
using TrainingHub.Catalogue;
using TrainingHub.Offerings;

namespace TrainingHub.OpenCatalogue;

/// <summary>An organisation as the open catalogue names it: no keys, no contacts.</summary>
public sealed record PublicOrganisation(Guid Id, string Name, string? Code, string Kind, string? Country);

public sealed record PublicPartner(PublicOrganisation Organisation, string Role);

/// <summary>A published programme: what it teaches and who runs it, nothing about who enrolled.</summary>
public sealed record PublicProgramme(
    Guid Id,
    string Title,
    string? Summary,
    string Level,
    IReadOnlyList<string> Disciplines,
    IReadOnlyList<string> Standards,
    IReadOnlyList<string> TargetAudiences,
    IReadOnlyList<string> DeliveryModes,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Regions,
    IReadOnlyList<string> Countries,
    int? DurationHours,
    string? Url,
    IReadOnlyList<ProgrammeModule> Modules,
    bool TrainsTrainers,
    PublicOrganisation Provider,
    IReadOnlyList<PublicPartner> Partners,
    Guid? FollowsOn,
    string Status,
    DateTimeOffset UpdatedAt);

/// <summary>A published programme's offering: when, where and how many seats are left; no enrolment details.</summary>
public sealed record PublicOffering(
    Guid Id,
    Guid ProgrammeId,
    string ProgrammeTitle,
    PublicOrganisation Provider,
    DateOnly StartDate,
    DateOnly EndDate,
    string DeliveryMode,
    string? VenueCountry,
    string Language,
    int Capacity,
    int SeatsAvailable,
    DateTimeOffset? EnrolmentOpensAt,
    DateTimeOffset EnrolmentClosesAt,
    string Status,
    DateTimeOffset UpdatedAt);

/// <summary>An offering with the programme it belongs to (the calendar and linked data need both).</summary>
public sealed record PublicListing(PublicOffering Offering, PublicProgramme Programme, int OfferingVersion, int ProgrammeVersion);

/// <summary>
/// What the open catalogue may show: programmes their provider published (every programme unless it says private) and
/// their offerings, described from the keyed views with personal and enrolment data left out.
/// </summary>
public static class PublicCatalogue
{
    public static IQueryable<ProgrammeView> Programmes(IQuerySession session) =>
        // "Not private" rather than "public": views projected before visibility existed have none, and are public.
        session.Query<ProgrammeView>().Where(p => p.Visibility != ProgrammeVisibility.Private);

    public static async Task<IQueryable<OfferingView>> OfferingsAsync(IQuerySession session, CancellationToken ct)
    {
        var hidden = await SearchOfferings.ProgrammesWhere(session, p => p.Visibility == ProgrammeVisibility.Private, ct);
        var offerings = session.Query<OfferingView>();
        return hidden.Length == 0 ? offerings : offerings.Where(o => !hidden.Contains(o.ProgrammeId));
    }

    public static bool IsPublic(ProgrammeView? programme) =>
        programme is not null && programme.Visibility != ProgrammeVisibility.Private;

    public static async Task<IReadOnlyList<PublicProgramme>> DescribeAsync(IQuerySession session,
        IReadOnlyList<ProgrammeView> programmes, CancellationToken ct)
    {
        var organisations = await OrganisationsAsync(session,
            programmes.SelectMany(p => p.Partners.Select(partner => partner.OrganisationId).Append(p.ProviderId)), ct);
        // A programme followed on from is named only when it is public too.
        var followed = programmes.Select(p => p.FollowsOn).OfType<Guid>().Distinct().ToArray();
        var publicFollowed = followed.Length == 0 ? []
            : (await session.LoadManyAsync<ProgrammeView>(ct, followed)).Where(IsPublic).Select(p => p.Id).ToHashSet();
        return [.. programmes.Select(p => Describe(p, organisations, publicFollowed))];
    }

    public static async Task<IReadOnlyList<PublicListing>> DescribeAsync(IQuerySession session,
        IReadOnlyList<OfferingView> offerings, CancellationToken ct)
    {
        var ids = offerings.Select(o => o.ProgrammeId).Distinct().ToArray();
        var programmeViews = ids.Length == 0 ? [] : await session.LoadManyAsync<ProgrammeView>(ct, ids);
        var programmes = (await DescribeAsync(session, programmeViews, ct)).ToDictionary(p => p.Id);
        var versions = programmeViews.ToDictionary(p => p.Id, p => p.Version);
        var seats = offerings.Count == 0 ? new Dictionary<Guid, Offering>()
            : (await session.LoadManyAsync<Offering>(ct, offerings.Select(o => o.Id))).ToDictionary(o => o.Id);
        return [.. offerings.Where(o => programmes.ContainsKey(o.ProgrammeId)).Select(o =>
        {
            var programme = programmes[o.ProgrammeId];
            var free = o.Status == OfferingStatus.Cancelled ? 0
                : seats.TryGetValue(o.Id, out var offering) ? offering.FreeSeats(o.Capacity) : o.Capacity;
            return new PublicListing(new PublicOffering(o.Id, o.ProgrammeId, programme.Title, programme.Provider,
                o.StartDate, o.EndDate, o.DeliveryMode, o.VenueCountry, o.Language, o.Capacity, free, o.EnrolmentOpensAt,
                o.EffectiveEnrolmentClosesAt, o.Status, o.UpdatedAt), programme, o.Version, versions[o.ProgrammeId]);
        })];
    }

    private static PublicProgramme Describe(ProgrammeView p, IReadOnlyDictionary<Guid, PublicOrganisation> organisations,
        IReadOnlySet<Guid> publicFollowed) =>
        new(p.Id, p.Title, p.Summary, p.Level, p.Disciplines, p.Standards, p.TargetAudiences, p.DeliveryModes,
            p.Languages, p.Regions, p.Countries, p.DurationHours, p.Url, p.Modules, p.TrainsTrainers,
            Organisation(organisations, p.ProviderId),
            [.. p.Partners.Select(partner => new PublicPartner(Organisation(organisations, partner.OrganisationId), partner.Role))],
            p.FollowsOn is { } followed && publicFollowed.Contains(followed) ? followed : null,
            p.Status, p.UpdatedAt);

    private static async Task<IReadOnlyDictionary<Guid, PublicOrganisation>> OrganisationsAsync(IQuerySession session,
        IEnumerable<Guid> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToArray();
        if (distinct.Length == 0) return new Dictionary<Guid, PublicOrganisation>();
        return (await session.LoadManyAsync<OrganisationView>(ct, distinct))
            .ToDictionary(o => o.Id, o => new PublicOrganisation(o.Id, o.Name, o.Code, o.Kind, o.Country));
    }

    private static PublicOrganisation Organisation(IReadOnlyDictionary<Guid, PublicOrganisation> organisations, Guid id) =>
        organisations.GetValueOrDefault(id) ?? new PublicOrganisation(id, id.ToString(), null, "", null);
}
