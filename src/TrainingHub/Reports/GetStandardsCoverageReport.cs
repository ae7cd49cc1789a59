using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Hosting;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Reports;

public sealed record StandardCoverage(string Standard, string Title, int Programmes, int Offerings, int Seats,
    int Confirmed, int Completed, int Passed, double? MeanStandardScore, int ScoredAssessments,
    IReadOnlyList<string> RegionsReached, IReadOnlyList<string> CountriesReached, double? Coverage,
    ReportedFigures Reported);

public sealed record StandardsCoverageReport(ReportScope Scope, int MemberCountriesInScope, IReadOnlyList<StandardCoverage> Standards);

/// <summary>
/// Every standard in the reference data, taught or not. programmes: programmes in force at asOf (not retired) that
/// name the standard and serve the regions in scope; offerings and figures: their non-cancelled offerings in scope.
/// coverage = countries reached (countries of residence of completed trainees) / member countries of the regions in scope.
/// </summary>
public static class StandardsCoverageReportBuilder
{
    public static StandardsCoverageReport Build(ScopedData data, ReferenceData reference)
    {
        var regions = data.Scope.Regions(reference);
        var members = regions.SelectMany(r => ReportData.MembersOf(reference, r)).ToHashSet();
        var supply = data.Offerings.Where(o => o.IsSupply).ToArray();

        var rows = reference.Standards.Select(standard =>
        {
            var programmes = data.Programmes.Values.Count(p => !p.Retired && p.Standards.Contains(standard.Code)
                                                               && p.ServedRegions.Intersect(regions).Any());
            var offerings = supply.Where(o => o.Programme.Standards.Contains(standard.Code)).ToArray();
            var tallies = offerings.Select(o => o.Offering.StandardScores.GetValueOrDefault(standard.Code))
                .OfType<ScoreTally>().ToArray();
            var scored = tallies.Sum(t => t.Count);
            var countries = offerings.SelectMany(o => o.Offering.CompletedCountries).Distinct().Order(StringComparer.Ordinal).ToArray();
            var reported = ReportedFigures.Sum(offerings);
            return new StandardCoverage(standard.Code, standard.Title, programmes, offerings.Length,
                offerings.Sum(o => o.Offering.Capacity), offerings.Sum(o => o.Offering.Confirmed),
                offerings.Sum(o => o.Offering.Completed) + reported.Completed,
                offerings.Sum(o => o.Offering.Passed) + reported.Passed,
                scored == 0 ? null : Math.Round(tallies.Sum(t => t.Sum) / scored, 2), scored,
                [.. offerings.SelectMany(o => o.Regions).Intersect(regions).Distinct().Order(StringComparer.Ordinal)],
                countries, ReportData.Ratio(countries.Count(members.Contains), members.Count), reported);
        }).ToArray();
        return new StandardsCoverageReport(data.Scope, members.Count, rows);
    }
}

public sealed record StandardCoverageCsvRow(string Standard, int Programmes, int Offerings, int Seats, int Confirmed,
    int Completed, int Passed, double? MeanStandardScore, string RegionsReached, int CountriesReached, double? Coverage,
    int ReportedParticipants, int ReportedCompleted);

public static class GetStandardsCoverageReportEndpoint
{
    [WolverineGet("/api/reports/standards-coverage", OperationId = "getStandardsCoverageReport")]
    [Authorize(Policy = Roles.Policies.Analyst)]
    [ProducesResponseType<StandardsCoverageReport>(StatusCodes.Status200OK)]
    [Produces("application/json", "text/csv")]
    public static async Task<IResult> Get([FromQuery] ReportQuery query, HttpRequest request, IQuerySession session, ReportFacts facts,
        ReferenceData reference, TimeProvider clock, CancellationToken ct)
    {
        var (scope, problem) = ReportScope.Resolve(query, reference, clock.GetUtcNow());
        if (!problem.IsNone()) return TypedResults.Problem(problem);

        var report = StandardsCoverageReportBuilder.Build(await ReportData.LoadAsync(session, facts, scope!, reference, ct), reference);
        return ReportOutput.Respond(request, query, report, report.Standards.Select(s => new StandardCoverageCsvRow(
            s.Standard, s.Programmes, s.Offerings, s.Seats, s.Confirmed, s.Completed, s.Passed, s.MeanStandardScore,
            ReportOutput.Join(s.RegionsReached), s.CountriesReached.Count, s.Coverage, s.Reported.Participants,
            s.Reported.Completed)), "standards-coverage");
    }
}
