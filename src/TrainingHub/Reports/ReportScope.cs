using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Hosting;
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
    public Guid? Provider { get; set; }
    /// <summary>"csv" for CSV (as does Accept: text/csv); JSON otherwise.</summary>
    public string? Format { get; set; }
}

/// <summary>The resolved scope, echoed in every report so a figure can be reproduced with the same parameters.</summary>
public sealed record ReportScope(DateTimeOffset AsOf, DateOnly From, DateOnly To, string? Region, string? Discipline,
    string? Standard, string? Level, Guid? Provider)
{
    public static (ReportScope? Scope, ProblemDetails Problem) Resolve(ReportQuery query, ReferenceData reference,
        DateTimeOffset now)
    {
        DateTimeOffset asOf = now;
        // An unencoded '+' in "+00:00" arrives as a space: accept it rather than fail a copy-pasted instant.
        if (query.AsOf is { } text && !DateTimeOffset.TryParse(text.Trim().Replace(' ', '+'), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out asOf))
            return (null, Problems.BadRequest("Invalid asOf", $"'{text}' is not an ISO 8601 instant, e.g. 2026-06-30T23:59:59Z."));
        var asOfDate = DateOnly.FromDateTime(asOf.UtcDateTime);
        var from = query.From ?? asOfDate.AddYears(-3);
        var to = query.To ?? asOfDate.AddYears(1);
        var problem = Problems.Invalid(new ValidationErrors()
            .When(to < from, "to", "Must not be before from.")
            .When(query.Format is not (null or "json" or "csv"), "format", "json or csv.")
            .UnknownCode("region", query.Region, reference.RegionCodes)
            .UnknownCode("discipline", query.Discipline, reference.DisciplineCodes)
            .UnknownCode("standard", query.Standard, reference.StandardCodes)
            .UnknownCode("level", query.Level, reference.LevelCodes));
        return problem.IsNone()
            ? (new ReportScope(asOf, from, to, query.Region, query.Discipline, query.Standard, query.Level, query.Provider), problem)
            : (null, problem);
    }

    public IReadOnlyList<string> Regions(ReferenceData reference) =>
        Region is null ? [.. reference.Regions.Select(r => r.Code)] : [Region];
}

/// <summary>An offering as it stood at asOf, with its programme as it stood then, and where it counts.</summary>
public sealed record ScopedOffering(
    Guid OfferingId,
    Guid ProgrammeId,
    Guid ProviderId,
    OfferingVersion Offering,
    ProgrammeVersion Programme,
    IReadOnlyList<string> Regions)
{
    /// <summary>Cancelled offerings never count as supply.</summary>
    public bool IsSupply => !Offering.Cancelled;
}

public sealed record ScopedData(ReportScope Scope, IReadOnlyList<ScopedOffering> Offerings,
    IReadOnlyDictionary<Guid, ProgrammeVersion> Programmes, IReadOnlyDictionary<Guid, string> ProviderNames);

public static class ReportData
{
    /// <summary>
    /// Reads the dated facts (kept by the async daemon) and picks each version in force at asOf; no event is replayed.
    /// Where an offering counts: the regions of its venue country; without a venue (online, self-paced), every region
    /// its programme serves.
    /// </summary>
    public static async Task<ScopedData> LoadAsync(IQuerySession session, ReportFacts facts, ReportScope scope,
        ReferenceData reference, CancellationToken ct)
    {
        var asOf = scope.AsOf;
        var snapshot = await facts.CurrentAsync(session, ct);
        var programmes = new Dictionary<Guid, ProgrammeVersion>();
        foreach (var timeline in snapshot.Programmes.Values)
            if (timeline.At(asOf) is { } version && Matches(scope, version)) programmes[timeline.Id] = version;

        var offerings = new List<ScopedOffering>();
        var seen = new HashSet<Guid>();
        void Add(Guid offeringId, Guid programmeId, Guid providerId, OfferingVersion version)
        {
            if (!seen.Add(offeringId) || !programmes.TryGetValue(programmeId, out var programme)) return;
            if (version.StartDate < scope.From || version.StartDate > scope.To) return;
            var regions = version.VenueCountry is { } venue ? reference.RegionsOf(venue) : programme.ServedRegions;
            if (scope.Region is { } region && !regions.Contains(region)) return;
            offerings.Add(new ScopedOffering(offeringId, programmeId, providerId, version, programme, regions));
        }

        // An offering's version at asOf is its current one if recorded by then, else the superseded one in force then.
        var changedSince = false;
        foreach (var timeline in snapshot.Offerings.Values)
        {
            if (timeline.Current.From <= asOf) Add(timeline.Id, timeline.ProgrammeId, timeline.ProviderId, timeline.Current);
            else changedSince = true;
        }
        if (changedSince)
        {
            var past = await session.QueryAsync<OfferingPastVersion>(
                "where tstzrange(valid_from, valid_to) @> ?::timestamptz", ct, asOf);
            foreach (var version in past) Add(version.OfferingId, version.ProgrammeId, version.ProviderId, version.Version);
        }

        var providerNames = (await session.Query<Access.OrganisationView>().ToListAsync(ct)).ToDictionary(o => o.Id, o => o.Name);
        return new ScopedData(scope, [.. offerings.OrderBy(o => o.Offering.StartDate).ThenBy(o => o.OfferingId)],
            programmes, providerNames);
    }

    private static bool Matches(ReportScope scope, ProgrammeVersion programme) =>
        (scope.Discipline is null || programme.Disciplines.Contains(scope.Discipline))
        && (scope.Standard is null || programme.Standards.Contains(scope.Standard))
        && (scope.Level is null || programme.Level == scope.Level)
        && (scope.Provider is null || programme.ProviderId == scope.Provider);

    /// <summary>Member countries of a region for coverage: member states and associate members, not territories.</summary>
    public static IReadOnlyList<string> MembersOf(ReferenceData reference, string region) =>
        [.. reference.Countries.Where(c => c.Regions.Contains(region) && c.Status != "territory").Select(c => c.Code)];

    public static double? Ratio(double numerator, double denominator) =>
        denominator == 0 ? null : Math.Round(numerator / denominator, 4);
}
