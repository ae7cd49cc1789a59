using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Hosting;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Reports;

public sealed record ReportedFigures(int Participants, int Female, int Completed, int Passed)
{
    public static ReportedFigures Sum(IEnumerable<ScopedOffering> offerings)
    {
        var reported = offerings.Select(o => o.Offering.Reported).OfType<Catalogue.ParticipationReported>().ToArray();
        return new(reported.Sum(r => r.Participants), reported.Sum(r => r.Female), reported.Sum(r => r.Completed),
            reported.Sum(r => r.Passed));
    }
}

/// <summary>
/// completed and passed add tracked enrolments and reported participation; <see cref="Reported"/> shows the reported
/// part alone. countriesReached counts tracked completed trainees' countries of residence (reports carry no country).
/// </summary>
public sealed record GapCell(string Region, string Value, int Offerings, int Seats, int Confirmed, int Waitlisted,
    int Completed, int Passed, int CountriesReached, string Status, ReportedFigures Reported);

public sealed record RegionGaps(string Region, IReadOnlyList<string> MembersWithoutCompletedTrainee);

public sealed record GapsReport(ReportScope Scope, string Dimension, int MinOfferings, IReadOnlyList<GapCell> Cells,
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
    public static readonly IReadOnlyList<string> Dimensions = ["discipline", "standard", "level"];

    public static GapsReport Build(ScopedData data, ReferenceData reference, string dimension, int minOfferings)
    {
        var values = dimension switch
        {
            "discipline" => reference.Disciplines.Select(d => d.Code),
            "standard" => reference.Standards.Select(s => s.Code),
            _ => reference.Levels.Select(l => l.Code),
        };
        IEnumerable<string> ValuesOf(ProgrammeVersion p) => dimension switch
        {
            "discipline" => p.Disciplines,
            "standard" => p.Standards,
            _ => [p.Level],
        };

        var supply = data.Offerings.Where(o => o.IsSupply).ToArray();
        var cells = new List<GapCell>();
        var regions = new List<RegionGaps>();
        foreach (var region in data.Scope.Regions(reference))
        {
            var inRegion = supply.Where(o => o.Regions.Contains(region)).ToArray();
            foreach (var value in values)
            {
                var offerings = inRegion.Where(o => ValuesOf(o.Programme).Contains(value)).ToArray();
                cells.Add(Cell(region, value, offerings, minOfferings));
            }
            var reached = inRegion.SelectMany(o => o.Offering.CompletedCountries).ToHashSet();
            regions.Add(new RegionGaps(region, [.. ReportData.MembersOf(reference, region).Where(c => !reached.Contains(c))]));
        }
        return new GapsReport(data.Scope, dimension, minOfferings, cells, regions);
    }

    private static GapCell Cell(string region, string value, IReadOnlyList<ScopedOffering> offerings, int minOfferings)
    {
        var seats = offerings.Sum(o => o.Offering.Capacity);
        var confirmed = offerings.Sum(o => o.Offering.Confirmed);
        var waitlisted = offerings.Sum(o => o.Offering.Waitlisted);
        var reported = ReportedFigures.Sum(offerings);
        var status = offerings.Count == 0 ? GapStatus.Uncovered
            : waitlisted > 0 && confirmed == seats ? GapStatus.Oversubscribed
            : offerings.Count < minOfferings ? GapStatus.Thin
            : GapStatus.Covered;
        return new GapCell(region, value, offerings.Count, seats, confirmed, waitlisted,
            offerings.Sum(o => o.Offering.Completed) + reported.Completed,
            offerings.Sum(o => o.Offering.Passed) + reported.Passed,
            offerings.SelectMany(o => o.Offering.CompletedCountries).Distinct().Count(), status, reported);
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
                "discipline, standard or level.")
            .When(minOfferings is < 1 or > 1000, "minOfferings", "Between 1 and 1000.");
        if (!problem.IsNone()) return TypedResults.Problem(problem);
        if (!errors.IsEmpty) return TypedResults.Problem(Problems.Invalid(errors));

        var data = await ReportData.LoadAsync(session, facts, scope!, reference, ct);
        var report = GapsReportBuilder.Build(data, reference, dimension ?? "discipline", minOfferings ?? 2);
        return ReportOutput.Respond(request, query, report, report.Cells.Select(c => new GapCsvRow(c.Region, c.Value,
            c.Offerings, c.Seats, c.Confirmed, c.Waitlisted, c.Completed, c.Passed, c.CountriesReached, c.Status,
            c.Reported.Participants, c.Reported.Completed, c.Reported.Passed)), "gaps");
    }
}
