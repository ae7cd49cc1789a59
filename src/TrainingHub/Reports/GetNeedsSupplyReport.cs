using System.Numerics;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Needs;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Reports;

/// <summary>One recorded need and the supply that could serve it (see <see cref="NeedsSupplyReportBuilder"/>).</summary>
public sealed record NeedSupplyLine(Guid NeedId, string Country, IReadOnlyList<string> Standards,
    IReadOnlyList<string> Disciplines, string? Level, IReadOnlyList<string> Languages, string Priority, DateOnly? NeededBy,
    string Source, int TraineesNeeded, int ServingOfferings, int SeatsOffered, int UnmetTrainees, bool MarkedMet,
    string Status, IReadOnlyList<Guid> FirstServingOfferings);

/// <summary>Per region and value: the needs there and the supply that could serve them, or supply without a need.</summary>
public sealed record NeedSupplyCell(string Region, string Value, int Needs, int TraineesNeeded, int ServingOfferings,
    int ServingSeats, int UnmetTrainees, int SupplyOfferings, int SupplySeats, string Status);

public sealed record NeedsSupplyTotals(int Needs, int TraineesNeeded, int UnmetTrainees, int Unmet, int PartlyMet, int Met);

public sealed record NeedsSupplyReport(ReportScope Scope, Freshness Freshness, string Dimension, NeedsSupplyTotals Totals,
    IReadOnlyList<NeedSupplyCell> Cells, int Page, int PageSize, int TotalNeeds, IReadOnlyList<NeedSupplyLine> Needs);

public static class NeedSupplyStatus
{
    public const string Unmet = "unmet";
    public const string PartlyMet = "partly-met";
    public const string Met = "met";
    /// <summary>A cell with supply and no recorded need.</summary>
    public const string SupplyWithoutNeed = "supply-without-need";
}

/// <summary>
/// Needs in force at asOf (recorded by then and not withdrawn; a need marked met stays, as met) against the offerings
/// in scope. An offering could serve a need when it is not cancelled; counts in the need's country (held there, or
/// without a venue and serving one of the country's regions); has the need's level (any, when the need names none);
/// shares a standard with it (a discipline, when the need names no standard); is taught in one of its languages (any,
/// when it names none); and starts on or after the day the need was first recorded and, when it has one, by its
/// needed-by date. Seats offered = the capacity of those offerings (one offering may be counted for several needs);
/// unmet trainees = trainees needed minus seats offered, never below 0. Status: met when seats cover the trainees or
/// the country marked the need met; partly-met when some seats exist; unmet otherwise.
/// </summary>
public static class NeedsSupplyReportBuilder
{
    public static readonly IReadOnlyList<string> Dimensions = ["standard", "discipline", "level", "audience"];
    /// <summary>How many serving offerings a line names (the count covers them all).</summary>
    public const int ListedOfferings = 20;

    /// <summary>A need as the report compares it: its version at asOf and the day it was first recorded.</summary>
    public sealed record ScopedNeed(Guid Id, NeedVersion Version, DateOnly RecordedOn);

    public static IReadOnlyList<ScopedNeed> InScope(IEnumerable<NeedTimeline> timelines, ReportScope scope,
        ReferenceData reference)
    {
        var needs = new List<ScopedNeed>();
        var group = scope.GroupMembers(reference);
        foreach (var timeline in timelines)
        {
            if (timeline.At(scope.AsOf) is not { } version || version.Status == NeedStatus.Withdrawn) continue;
            var need = version.Details;
            var regions = reference.RegionsOf(need.Country);
            if ((scope.Region is null || regions.Contains(scope.Region))
                && (group is not { } members
                    || reference.Ordinals.Countries.OrdinalOf(need.Country) is var c and >= 0 && members.Contains(c))
                && (scope.Standard is null || need.Standards.Contains(scope.Standard))
                && (scope.Discipline is null || need.Disciplines.Contains(scope.Discipline))
                && (scope.Level is null || need.Level == scope.Level))
                needs.Add(new ScopedNeed(timeline.Id, version, DateOnly.FromDateTime(timeline.RecordedAt.UtcDateTime)));
        }
        return needs;
    }

    public static (IReadOnlyList<NeedSupplyLine> Lines, IReadOnlyList<NeedSupplyCell> Cells, NeedsSupplyTotals Totals) Build(
        ScopedData data, IReadOnlyList<ScopedNeed> needs, ReferenceData reference, string dimension)
    {
        var codes = reference.Ordinals;
        // Where each offering counts: by venue country, and (without a venue) by region.
        var atVenue = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var byRegion = new List<int>[codes.Regions.Count];
        for (var r = 0; r < byRegion.Length; r++) byRegion[r] = [];
        for (var i = 0; i < data.Offerings.Count; i++)
        {
            var offering = data.Offerings[i];
            if (!offering.IsSupply) continue;
            if (offering.Offering.VenueCountry is { } venue)
            {
                if (!atVenue.TryGetValue(venue, out var list)) atVenue[venue] = list = [];
                list.Add(i);
            }
            else
                for (var regions = offering.Regions; regions != 0; regions &= regions - 1)
                    byRegion[BitOperations.TrailingZeroCount(regions)].Add(i);
        }

        var serving = new List<int>[needs.Count];
        var lines = new NeedSupplyLine[needs.Count];
        for (var n = 0; n < needs.Count; n++)
        {
            var (need, version) = (needs[n], needs[n].Version);
            serving[n] = Serving(data, need, atVenue, byRegion, codes, reference);
            var seats = serving[n].Sum(i => data.Offerings[i].Counts.Capacity);
            var details = version.Details;
            var markedMet = version.Status == NeedStatus.Met;
            var unmet = markedMet ? 0 : Math.Max(0, details.EstimatedTrainees - seats);
            lines[n] = new NeedSupplyLine(need.Id, details.Country, details.Standards, details.Disciplines, details.Level,
                details.Languages, details.Priority, details.NeededBy, details.Source, details.EstimatedTrainees,
                serving[n].Count, seats, unmet, markedMet, StatusOf(unmet, details.EstimatedTrainees),
                [.. serving[n].Take(ListedOfferings).Select(i => data.Offerings[i].OfferingId)]);
        }

        var cells = Cells(data, needs, lines, serving, reference, dimension);
        var totals = new NeedsSupplyTotals(lines.Length, lines.Sum(l => l.TraineesNeeded), lines.Sum(l => l.UnmetTrainees),
            lines.Count(l => l.Status == NeedSupplyStatus.Unmet), lines.Count(l => l.Status == NeedSupplyStatus.PartlyMet),
            lines.Count(l => l.Status == NeedSupplyStatus.Met));
        return (lines, cells, totals);
    }

    private static string StatusOf(int unmet, int needed) =>
        unmet == 0 ? NeedSupplyStatus.Met : unmet < needed ? NeedSupplyStatus.PartlyMet : NeedSupplyStatus.Unmet;

    /// <summary>Positions (in the report's data, so in start order) of the offerings that could serve the need.</summary>
    private static List<int> Serving(ScopedData data, ScopedNeed need, Dictionary<string, List<int>> atVenue,
        List<int>[] byRegion, CodeOrdinals codes, ReferenceData reference)
    {
        var details = need.Version.Details;
        var candidates = new SortedSet<int>();
        if (atVenue.TryGetValue(details.Country, out var there)) candidates.UnionWith(there);
        foreach (var region in reference.RegionsOf(details.Country))
            if (codes.Regions.OrdinalOf(region) is var r and >= 0) candidates.UnionWith(byRegion[r]);

        var serving = new List<int>();
        foreach (var i in candidates)
        {
            var offering = data.Offerings[i];
            var (programme, version) = (offering.Programme.Version, offering.Offering);
            if ((details.Level is null || programme.Level == details.Level)
                && (details.Standards.Count > 0
                    ? details.Standards.Any(s => programme.Standards.Contains(s))
                    : details.Disciplines.Any(d => programme.Disciplines.Contains(d)))
                && (details.Languages.Count == 0 || details.Languages.Contains(version.Language))
                && version.StartDate >= need.RecordedOn
                && (details.NeededBy is not { } neededBy || version.StartDate <= neededBy))
                serving.Add(i);
        }
        return serving;
    }

    /// <summary>
    /// Per region (every region the need's country belongs to) and value of the dimension the need names (each of
    /// its standards, disciplines or target audiences; its level; "any" for a level or audience it does not name): needs, trainees, the distinct offerings serving them and
    /// their seats, unmet trainees; and the supply counting in the region with that value (as in the gaps report),
    /// which, without a need, makes a "supply-without-need" cell.
    /// </summary>
    private static IReadOnlyList<NeedSupplyCell> Cells(ScopedData data, IReadOnlyList<ScopedNeed> needs,
        NeedSupplyLine[] lines, List<int>[] serving, ReferenceData reference, string dimension)
    {
        var cells = new SortedDictionary<(string Region, string Value), CellTally>();
        CellTally At(string region, string value)
        {
            if (!cells.TryGetValue((region, value), out var cell)) cells[(region, value)] = cell = new CellTally();
            return cell;
        }
        for (var n = 0; n < needs.Count; n++)
        {
            var details = needs[n].Version.Details;
            var regions = reference.RegionsOf(details.Country);
            foreach (var region in regions)
            foreach (var value in ValuesOf(details, dimension))
            {
                var cell = At(region, value);
                cell.Needs++;
                cell.Trainees += lines[n].TraineesNeeded;
                cell.Unmet += lines[n].UnmetTrainees;
                cell.Serving.UnionWith(serving[n]);
            }
        }
        var regionCodes = reference.Ordinals.Regions.Codes;
        foreach (var offering in data.Offerings)
        {
            if (!offering.IsSupply) continue;
            var programme = offering.Programme.Version;
            IEnumerable<string> values = dimension switch
            {
                "standard" => programme.Standards,
                "discipline" => programme.Disciplines,
                "audience" => programme.TargetAudiences ?? [],
                _ => [programme.Level],
            };
            for (var regions = offering.Regions; regions != 0; regions &= regions - 1)
            {
                var region = regionCodes[BitOperations.TrailingZeroCount(regions)];
                foreach (var value in values.Distinct())
                {
                    var cell = At(region, value);
                    cell.Offerings++;
                    cell.Seats += offering.Counts.Capacity;
                }
            }
        }
        return [.. cells.Select(c =>
        {
            var ((region, value), cell) = (c.Key, c.Value);
            var status = cell.Needs == 0 ? NeedSupplyStatus.SupplyWithoutNeed : StatusOf(cell.Unmet, cell.Trainees);
            return new NeedSupplyCell(region, value, cell.Needs, cell.Trainees, cell.Serving.Count,
                cell.Serving.Sum(i => data.Offerings[i].Counts.Capacity), cell.Unmet, cell.Offerings, cell.Seats, status);
        })];
    }

    private sealed class CellTally
    {
        public int Needs, Trainees, Unmet, Offerings, Seats;
        public readonly HashSet<int> Serving = [];
    }

    private static IEnumerable<string> ValuesOf(NeedDetails need, string dimension) => dimension switch
    {
        "standard" => need.Standards,
        "discipline" => need.Disciplines,
        "audience" => need.TargetAudiences.Count > 0 ? need.TargetAudiences : ["any"],
        _ => [need.Level ?? "any"],
    };

    private static readonly Dictionary<string, int> PriorityRank =
        NeedInput.Priorities.Select((priority, rank) => (priority, rank)).ToDictionary(p => p.priority, p => p.rank);

    /// <summary>Report order: country, then priority (high first), then needed-by date (undated last), then id.</summary>
    public static IEnumerable<NeedSupplyLine> InReportOrder(IEnumerable<NeedSupplyLine> lines) =>
        lines.OrderBy(l => l.Country, StringComparer.Ordinal)
            .ThenBy(l => PriorityRank.GetValueOrDefault(l.Priority, int.MaxValue))
            .ThenBy(l => l.NeededBy ?? DateOnly.MaxValue)
            .ThenBy(l => l.NeedId);
}

public sealed record NeedSupplyCsvRow(Guid NeedId, string Country, string Standards, string Disciplines, string? Level,
    string Languages, string Priority, DateOnly? NeededBy, string Source, int TraineesNeeded, int ServingOfferings,
    int SeatsOffered, int UnmetTrainees, bool MarkedMet, string Status);

public static class GetNeedsSupplyReportEndpoint
{
    /// <summary>JSON: totals, the cells, and one page of needs; CSV: every need, in the same order.</summary>
    [WolverineGet("/api/reports/needs-supply", OperationId = "getNeedsSupplyReport")]
    [Authorize(Policy = Roles.Policies.Analyst)]
    [ProducesResponseType<NeedsSupplyReport>(StatusCodes.Status200OK)]
    [Produces("application/json", "text/csv")]
    public static async Task<IResult> Get([FromQuery] ReportQuery query, string? dimension, int? page, int? pageSize,
        HttpRequest request, IQuerySession session, ReportFacts facts, ReferenceData reference, TimeProvider clock,
        CancellationToken ct)
    {
        var (scope, problem) = ReportScope.Resolve(query, reference, clock.GetUtcNow());
        if (!problem.IsNone()) return TypedResults.Problem(problem);
        var errors = new ValidationErrors()
            .When(dimension is not null && !NeedsSupplyReportBuilder.Dimensions.Contains(dimension), "dimension",
                "standard, discipline, level or audience.")
            .CheckPaging(page, pageSize);
        if (!errors.IsEmpty) return TypedResults.Problem(Problems.Invalid(errors));

        var data = await ReportData.LoadAsync(session, facts, scope!, query.MinPosition, reference, withProviderNames: false, ct);
        // Needs are projected inline: they are never behind the supply facts read above.
        var needs = NeedsSupplyReportBuilder.InScope(await session.Query<NeedTimeline>().ToListAsync(ct), data.Scope, reference);
        dimension ??= "standard";
        var (lines, cells, totals) = NeedsSupplyReportBuilder.Build(data, needs, reference, dimension);
        var ordered = NeedsSupplyReportBuilder.InReportOrder(lines).ToArray();
        var (number, size) = (page ?? 1, pageSize ?? Paging.DefaultPageSize);
        var report = new NeedsSupplyReport(data.Scope, data.Freshness, dimension, totals, cells, number, size, ordered.Length,
            [.. ordered.Skip((number - 1) * size).Take(size)]);
        return ReportOutput.Respond(request, query, report, report.Freshness, ordered.Select(l => new NeedSupplyCsvRow(l.NeedId,
            l.Country, ReportOutput.Join(l.Standards), ReportOutput.Join(l.Disciplines), l.Level, ReportOutput.Join(l.Languages),
            l.Priority, l.NeededBy, l.Source, l.TraineesNeeded, l.ServingOfferings, l.SeatsOffered, l.UnmetTrainees,
            l.MarkedMet, l.Status)), "needs-supply");
    }
}
