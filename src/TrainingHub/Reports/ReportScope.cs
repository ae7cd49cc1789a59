using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using TrainingHub.Reference;

namespace TrainingHub.Reports;

/// <summary>The query string every report shares.</summary>
public sealed class ReportQuery
{
    /// <summary>Only what was recorded at or before this instant counts (ISO 8601; default: now).</summary>
    public string? AsOf { get; set; }
    /// <summary>Offerings whose start date falls in [from, to] (default: three years before asOf to one year after).</summary>
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public string? Region { get; set; }
    public string? Discipline { get; set; }
    public string? Standard { get; set; }
    public string? Level { get; set; }
    /// <summary>An organisation: programmes it provides or co-organises.</summary>
    public Guid? Provider { get; set; }
    /// <summary>A country group (ldc, lldc, sids; GET /api/reference/country-groups): offerings held in a member
    /// country or, without a venue, whose programme names one; needs of member countries; countries counted among
    /// members only.</summary>
    public string? CountryGroup { get; set; }
    /// <summary>"csv" for CSV (as does Accept: text/csv); JSON otherwise.</summary>
    public string? Format { get; set; }
    /// <summary>Answer only once the facts include every event up to this position (a write's Event-Position header),
    /// waiting at most a few seconds (then 503 with Retry-After).</summary>
    public long? MinPosition { get; set; }
}

/// <summary>The resolved scope, echoed in every report so a figure can be reproduced with the same parameters.</summary>
public sealed record ReportScope(DateTimeOffset AsOf, DateOnly From, DateOnly To, string? Region, string? Discipline,
    string? Standard, string? Level, Guid? Provider, string? CountryGroup = null)
{
    public static (ReportScope? Scope, ProblemDetails Problem) Resolve(ReportQuery query, ReferenceData reference,
        DateTimeOffset now)
    {
        DateTimeOffset asOf = now;
        // An unencoded '+' in "+00:00" arrives as a space: accept it rather than fail a copy-pasted instant.
        if (query.AsOf is { } text && !DateTimeOffset.TryParse(text.Trim().Replace(' ', '+'), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out asOf))
            return (null, Problems.BadRequest("Invalid asOf", $"'{text}' is not an ISO 8601 instant, e.g. 2026-06-30T23:59:59Z."));
        var errors = new ValidationErrors()
            .CheckInstant("asOf", asOf)
            .CheckDate("from", query.From)
            .CheckDate("to", query.To);
        DateOnly from = default, to = default;
        if (errors.IsEmpty)
        {
            var asOfDate = DateOnly.FromDateTime(asOf.UtcDateTime);
            from = query.From ?? asOfDate.AddYears(-3);
            to = query.To ?? asOfDate.AddYears(1);
            errors.When(to < from, "to", "Must not be before from.");
        }
        var problem = Problems.Invalid(errors
            .When(query.Format is not (null or "json" or "csv"), "format", "json or csv.")
            .When(query.MinPosition is < 0, "minPosition", "A position from a write's Event-Position header (0 or more).")
            .UnknownCode("region", query.Region, reference.RegionCodes)
            .UnknownCode("discipline", query.Discipline, reference.DisciplineCodes)
            .UnknownCode("standard", query.Standard, reference.StandardCodes)
            .UnknownCode("level", query.Level, reference.LevelCodes)
            .UnknownCode("countryGroup", query.CountryGroup, reference.CountryGroupsByCode.Keys));
        return problem.IsNone()
            ? (new ReportScope(asOf, from, to, query.Region, query.Discipline, query.Standard, query.Level, query.Provider,
                query.CountryGroup), problem)
            : (null, problem);
    }

    public IReadOnlyList<string> Regions(ReferenceData reference) =>
        Region is null ? [.. reference.Regions.Select(r => r.Code)] : [Region];

    /// <summary>The country group's members; null without a group (every country counts).</summary>
    public CodeSet? GroupMembers(ReferenceData reference) =>
        CountryGroup is { } group ? reference.Ordinals.MembersOfGroup[group] : null;

    /// <summary>Whether an offering counts for a country group: held in a member country, or, without a venue, its
    /// programme names one.</summary>
    public static bool InGroup(ScopedOffering offering, in CodeSet members, CodeOrdinals codes) =>
        offering.Offering.VenueCountry is { } venue
            ? codes.Countries.OrdinalOf(venue) is var c and >= 0 && members.Contains(c)
            : offering.Programme.Countries.CountIn(members) > 0;
}

/// <summary>A programme as it stood at asOf, with its codes as ordinals (masks) for the reports' single passes.</summary>
public sealed record ScopedProgramme(Guid Id, ProgrammeVersion Version, ulong Standards, ulong Disciplines, int Level,
    ulong ServedRegions, bool FullyCoded)
{
    /// <summary>Whether reports count it as a programme: not retired and serving one of the regions (a mask). Its
    /// past offerings count in any case.</summary>
    public bool IsActiveIn(ulong regions) => !Version.Retired && (ServedRegions & regions) != 0;

    /// <summary>Its programme's latest version (what current reports use).</summary>
    public bool IsLatest { get; init; }

    /// <summary>The target audiences as a mask (none for a version projected before audiences were kept).</summary>
    public ulong Audiences { get; init; }

    /// <summary>The countries it names (none for a version projected before countries were kept).</summary>
    public CodeSet Countries { get; init; }

    /// <summary>The ordinals of the element tags its modules teach, ascending (none without modules, or for a version
    /// projected before modules were kept).</summary>
    public IReadOnlyList<int> Elements { get; init; } = [];

    public static ScopedProgramme Of(Guid id, ProgrammeVersion version, CodeOrdinals codes) =>
        new(id, version, codes.Standards.Mask(version.Standards), codes.Disciplines.Mask(version.Disciplines),
            codes.Levels.OrdinalOf(version.Level), codes.Regions.Mask(version.ServedRegions),
            codes.Standards.KnowsAll(version.Standards) && codes.Disciplines.KnowsAll(version.Disciplines))
        {
            Audiences = codes.Audiences.Mask(version.TargetAudiences ?? []),
            Countries = codes.Countries.Set(version.Countries ?? []),
            Elements = version.Elements is { Count: > 0 } elements ? codes.Elements.OrdinalsOf(elements) : [],
        };
}

/// <summary>
/// An offering as it stood at asOf, with its programme as it stood then, where it counts (<see cref="Regions"/>, a
/// region mask) and the countries it reached (<see cref="Reached"/>): its completed trainees' countries of residence
/// and the countries its reported participation names (<see cref="ReportedReached"/>, the reported part alone).
/// </summary>
public sealed record ScopedOffering(
    Guid OfferingId,
    Guid ProviderId,
    OfferingVersion Offering,
    ScopedProgramme Programme,
    ulong Regions,
    CodeSet Reached)
{
    public Guid ProgrammeId => Programme.Id;

    /// <summary>The figures reports add up, copied in so a pass over every offering reads one object per offering.</summary>
    public OfferingCounts Counts { get; } = OfferingCounts.Of(Offering);

    /// <summary>What the overlap scan compares.</summary>
    public OverlapFacts Pairing { get; private init; }

    /// <summary>The countries named by reported participation (also in <see cref="Reached"/>).</summary>
    public CodeSet ReportedReached { get; private init; }

    /// <summary>Assessment scores per standard, by standard ordinal (standards outside the reference data left out).</summary>
    public IReadOnlyList<(int Standard, ScoreTally Scores)> StandardScores { get; private init; } = [];

    /// <summary>By start date, then offering id: the order of <see cref="ScopedData.Offerings"/>.</summary>
    public static readonly Comparison<ScopedOffering> StartOrder = (x, y) =>
    {
        var order = x.Offering.StartDate.CompareTo(y.Offering.StartDate);
        return order != 0 ? order : x.OfferingId.CompareTo(y.OfferingId);
    };

    /// <summary>Cancelled offerings never count as supply.</summary>
    public bool IsSupply => !Counts.Cancelled;

    /// <summary>
    /// Where an offering counts: the regions of its venue country; without a venue (online, self-paced), every region
    /// its programme serves.
    /// </summary>
    public static ScopedOffering Of(Guid offeringId, Guid providerId, OfferingVersion offering, ScopedProgramme programme,
        CodeOrdinals codes)
    {
        var regions = offering.VenueCountry is not { } country ? programme.ServedRegions
            : codes.Countries.OrdinalOf(country) is var ordinal and >= 0 ? codes.RegionsOfCountry[ordinal]
            : 0UL;
        var reported = codes.Countries.Set(offering.Reported?.Countries is { } countries
            ? countries.Where(c => c.Value > 0).Select(c => c.Key) : []);
        var reached = codes.Countries.Set(offering.CompletedCountries);
        reached.UnionWith(reported);
        return new ScopedOffering(offeringId, providerId, offering, programme, regions, reached)
        {
            ReportedReached = reported,
            Pairing = new OverlapFacts(offeringId, providerId, offering, programme, regions, codes),
            StandardScores = offering.StandardScores.Count == 0 ? []
                : [.. offering.StandardScores.Select(s => (codes.Standards.OrdinalOf(s.Key), s.Value)).Where(s => s.Item1 >= 0)],
        };
    }
}

public readonly record struct OfferingCounts(bool Cancelled, int Capacity, int Confirmed, int Waitlisted, int Completed,
    int Passed, double GainSum, int GainPairs, Offerings.ParticipationReported? Reported, DateOnly EndDate,
    EvaluationFigures? Evaluation)
{
    public static OfferingCounts Of(OfferingVersion o) =>
        new(o.Cancelled, o.Capacity, o.Confirmed, o.Waitlisted, o.Completed, o.Passed, o.GainSum, o.GainPairs, o.Reported,
            o.EndDate, o.Evaluation);
}

/// <summary>What a report is computed from; <see cref="Offerings"/> by start date, then offering id.</summary>
public sealed record ScopedData(ReportScope Scope, Freshness Freshness, IReadOnlyList<ScopedOffering> Offerings,
    IReadOnlyDictionary<Guid, ScopedProgramme> Programmes, IReadOnlyDictionary<Guid, string> ProviderNames);

public static class ReportData
{
    /// <summary>
    /// Reads the dated facts (kept by the async daemon) and picks each version in force at asOf; no event is replayed.
    /// Offerings by start date, then id; provider names only when asked for (reports naming providers).
    /// </summary>
    public static async Task<ScopedData> LoadAsync(IQuerySession session, ReportFacts facts, ReportScope scope,
        long? minPosition, ReferenceData reference, bool withProviderNames, CancellationToken ct)
    {
        var asOf = scope.AsOf;
        var codes = reference.Ordinals;
        var regionInScope = scope.Region is { } code ? 1UL << codes.Regions.OrdinalOf(code) : ulong.MaxValue;
        var group = scope.GroupMembers(reference);
        bool Counts(ScopedOffering offering) => (offering.Regions & regionInScope) != 0
            && (group is not { } members || ReportScope.InGroup(offering, members, codes));
        var (snapshot, freshness) = await facts.CurrentAsync(session, minPosition, ct);
        var programmes = new Dictionary<Guid, ScopedProgramme>(snapshot.Programmes.Count);
        foreach (var current in snapshot.Programmes.Values)
            if (current.At(asOf) is { } programme && Matches(scope, programme.Version)) programmes[programme.Id] = programme;

        var offerings = new List<ScopedOffering>(snapshot.Offerings.Count);
        bool InScope(DateOnly startDate, Guid programmeId, out ScopedProgramme programme) =>
            programmes.TryGetValue(programmeId, out programme!) && startDate >= scope.From && startDate <= scope.To;

        // An offering's version at asOf is its current one if recorded by then, else the superseded one in force then.
        var changedSince = new HashSet<Guid>();
        foreach (var current in snapshot.OfferingList)
        {
            if (current.From > asOf) changedSince.Add(current.Timeline.Id);
            else if (InScope(current.StartDate, current.ProgrammeId, out var programme)
                     && current.ScopedWith(programme, codes) is var offering && Counts(offering))
                offerings.Add(offering);
        }
        if (changedSince.Count > 0)
        {
            var past = await session.QueryAsync<OfferingPastVersion>(
                "where tstzrange(valid_from, valid_to) @> ?::timestamptz", ct, asOf);
            var inForce = new List<ScopedOffering>(past.Count);
            foreach (var version in past)
                if (changedSince.Remove(version.OfferingId) && InScope(version.Version.StartDate, version.ProgrammeId, out var programme)
                    && ScopedOffering.Of(version.OfferingId, version.ProviderId, version.Version, programme, codes) is var offering
                    && Counts(offering))
                    inForce.Add(offering);
            inForce.Sort(ScopedOffering.StartOrder);
            offerings = Merged(offerings, inForce);
        }

        var providerNames = withProviderNames
            ? (await session.Query<Access.OrganisationView>().ToListAsync(ct)).ToDictionary(o => o.Id, o => o.Name)
            : new Dictionary<Guid, string>();
        return new ScopedData(scope, freshness, offerings, programmes, providerNames);
    }

    private static List<ScopedOffering> Merged(List<ScopedOffering> x, List<ScopedOffering> y)
    {
        var merged = new List<ScopedOffering>(x.Count + y.Count);
        int i = 0, j = 0;
        while (i < x.Count && j < y.Count) merged.Add(ScopedOffering.StartOrder(x[i], y[j]) <= 0 ? x[i++] : y[j++]);
        while (i < x.Count) merged.Add(x[i++]);
        while (j < y.Count) merged.Add(y[j++]);
        return merged;
    }

    private static bool Matches(ReportScope scope, ProgrammeVersion programme) =>
        (scope.Discipline is null || programme.Disciplines.Contains(scope.Discipline))
        && (scope.Standard is null || programme.Standards.Contains(scope.Standard))
        && (scope.Level is null || programme.Level == scope.Level)
        && (scope.Provider is not { } provider || programme.ProviderId == provider
            || programme.CoOrganisers?.Contains(provider) == true);

    /// <summary>Rates and shares: 4 decimal places, half away from zero (as an analyst rounds); null over nothing.</summary>
    public static double? Ratio(double numerator, double denominator) =>
        denominator == 0 ? null : Math.Round(numerator / denominator, 4, MidpointRounding.AwayFromZero);

    /// <summary>Means of scores and gains: 2 decimal places, half away from zero; null over nothing.</summary>
    public static double? Mean(double sum, int count) =>
        count == 0 ? null : Math.Round(sum / count, 2, MidpointRounding.AwayFromZero);
}
