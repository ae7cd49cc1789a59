using System.Numerics;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Reports;

/// <summary>What reported participation adds to a figure; <see cref="Countries"/>: the distinct countries it names.</summary>
public sealed record ReportedFigures(int Participants, int Female, int Completed, int Passed, int Countries = 0);

/// <summary>
/// completed and passed add tracked enrolments and reported participation; <see cref="Reported"/> shows the reported
/// part alone. countriesReached counts tracked completed trainees' countries of residence and the countries reported
/// participation names.
/// </summary>
public sealed record GapCell(string Region, string Value, int Offerings, int Seats, int Confirmed, int Waitlisted,
    int Completed, int Passed, int CountriesReached, string Status, ReportedFigures Reported);

public sealed record RegionGaps(string Region, IReadOnlyList<string> MembersWithoutCompletedTrainee);

public sealed record GapsReport(ReportScope Scope, Freshness Freshness, string Dimension, int MinOfferings, IReadOnlyList<GapCell> Cells,
    IReadOnlyList<RegionGaps> Regions);

public static class GapStatus
{
    public const string Uncovered = "uncovered";
    public const string Oversubscribed = "oversubscribed";
    public const string Thin = "thin";
    public const string Covered = "covered";
}

public static class GapsReportBuilder
{
    public static readonly IReadOnlyList<string> Dimensions = ["discipline", "standard", "level", "audience"];
    public const int DefaultMinOfferings = 2;

    public static GapsReport Build(ScopedData data, ReferenceData reference, string dimension, int minOfferings)
    {
        var codes = reference.Ordinals;
        var values = dimension switch
        {
            "discipline" => codes.Disciplines,
            "standard" => codes.Standards,
            "audience" => codes.Audiences,
            _ => codes.Levels,
        };
        Func<ScopedProgramme, ulong> valuesOf = dimension switch
        {
            "discipline" => p => p.Disciplines,
            "standard" => p => p.Standards,
            "audience" => p => p.Audiences,
            _ => p => p.Level < 0 ? 0 : 1UL << p.Level,
        };

        // One pass: each offering adds to the cell of every (region it counts in, value its programme has).
        var tallies = new SupplyTally[codes.Regions.Count, values.Count];
        var reached = new CodeSet[codes.Regions.Count];
        foreach (var offering in data.Offerings)
        {
            if (!offering.IsSupply) continue;
            var valueMask = valuesOf(offering.Programme);
            for (var regions = offering.Regions; regions != 0; regions &= regions - 1)
            {
                var region = BitOperations.TrailingZeroCount(regions);
                reached[region].UnionWith(offering.Reached);
                for (var valueBits = valueMask; valueBits != 0; valueBits &= valueBits - 1)
                    (tallies[region, BitOperations.TrailingZeroCount(valueBits)] ??= new SupplyTally()).Add(offering);
            }
        }

        var cells = new List<GapCell>();
        var regionGaps = new List<RegionGaps>();
        var group = data.Scope.GroupMembers(reference);
        foreach (var region in data.Scope.Regions(reference))
        {
            var r = codes.Regions.OrdinalOf(region);
            for (var v = 0; v < values.Count; v++)
                cells.Add(Cell(region, values.Codes[v], tallies[r, v] ?? new SupplyTally(), minOfferings, group));
            var members = codes.MembersOfRegion[r];
            regionGaps.Add(new RegionGaps(region, [.. members.Ordinals()
                .Where(c => !reached[r].Contains(c) && (group is not { } members || members.Contains(c)))
                .Select(c => codes.Countries.Codes[c])]));
        }
        return new GapsReport(data.Scope, data.Freshness, dimension, minOfferings, cells, regionGaps);
    }

    private static GapCell Cell(string region, string value, SupplyTally tally, int minOfferings, CodeSet? group)
    {
        var reported = tally.Reported;
        var status = tally.Offerings == 0 ? GapStatus.Uncovered
            : tally.Waitlisted > 0 && tally.Confirmed == tally.Seats ? GapStatus.Oversubscribed
            : tally.Offerings < minOfferings ? GapStatus.Thin
            : GapStatus.Covered;
        return new GapCell(region, value, tally.Offerings, tally.Seats, tally.Confirmed, tally.Waitlisted,
            tally.Completed + reported.Completed, tally.Passed + reported.Passed,
            group is { } members ? tally.Countries.CountIn(members) : tally.Countries.Count, status, reported);
    }
}

public sealed record GapCsvRow(string Region, string Value, int Offerings, int Seats, int Confirmed, int Waitlisted,
    int Completed, int Passed, int CountriesReached, string Status, int ReportedParticipants, int ReportedCompleted,
    int ReportedPassed);

public static class GetGapsReportEndpoint
{
    [WolverineGet("/api/reports/gaps", OperationId = "getGapsReport")]
    [Authorize(Policy = Roles.Policies.Analyst)]
    [ProducesResponseType<GapsReport>(StatusCodes.Status200OK)]
    [Produces("application/json", "text/csv")]
    public static async Task<IResult> Get([FromQuery] ReportQuery query, string? dimension, int? minOfferings,
        HttpRequest request, IQuerySession session, ReportFacts facts, ReferenceData reference, TimeProvider clock, CancellationToken ct)
    {
        var (scope, problem) = ReportScope.Resolve(query, reference, clock.GetUtcNow());
        var errors = new ValidationErrors()
            .When(dimension is not null && !GapsReportBuilder.Dimensions.Contains(dimension), "dimension",
                "discipline, standard, level or audience.")
            .When(minOfferings is < 1 or > 1000, "minOfferings", "Between 1 and 1000.");
        if (!problem.IsNone()) return TypedResults.Problem(problem);
        if (!errors.IsEmpty) return TypedResults.Problem(Problems.Invalid(errors));

        var data = await ReportData.LoadAsync(session, facts, scope!, query.MinPosition, reference, withProviderNames: false, ct);
        var report = GapsReportBuilder.Build(data, reference, dimension ?? "discipline", minOfferings ?? GapsReportBuilder.DefaultMinOfferings);
        return ReportOutput.Respond(request, query, report, report.Freshness, report.Cells.Select(c => new GapCsvRow(c.Region, c.Value,
            c.Offerings, c.Seats, c.Confirmed, c.Waitlisted, c.Completed, c.Passed, c.CountriesReached, c.Status,
            c.Reported.Participants, c.Reported.Completed, c.Reported.Passed)), "gaps");
    }
}
