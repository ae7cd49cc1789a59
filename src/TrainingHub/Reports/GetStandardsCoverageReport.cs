using System.Numerics;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Reports;

public sealed record StandardCoverage(string Standard, string Title, int Programmes, int Offerings, int Seats,
    int Confirmed, int Completed, int Passed, double? MeanStandardScore, int ScoredAssessments,
    IReadOnlyList<string> RegionsReached, IReadOnlyList<string> CountriesReached, double? Coverage,
    ReportedFigures Reported);

public sealed record StandardsCoverageReport(ReportScope Scope, Freshness Freshness, int MemberCountriesInScope, IReadOnlyList<StandardCoverage> Standards);

/// <summary>
/// Every standard in the reference data, taught or not. programmes: programmes in force at asOf (not retired) that
/// name the standard and serve the regions in scope; offerings and figures: their non-cancelled offerings in scope.
/// coverage = countries reached (countries of residence of completed trainees) / member countries of the regions in scope.
/// </summary>
public static class StandardsCoverageReportBuilder
{
    private static CodeSet Within(CodeSet countries, CodeSet? group)
    {
        if (group is { } members) countries.IntersectWith(members);
        return countries;
    }

    public static StandardsCoverageReport Build(ScopedData data, ReferenceData reference)
    {
        var codes = reference.Ordinals;
        var regions = codes.Regions.Mask(data.Scope.Regions(reference));
        var members = new CodeSet();
        for (var r = regions; r != 0; r &= r - 1) members.UnionWith(codes.MembersOfRegion[BitOperations.TrailingZeroCount(r)]);
        // With a country group, only its members count (reached, and as the coverage's denominator).
        var group = data.Scope.GroupMembers(reference);
        if (group is { } inGroup) members.IntersectWith(inGroup);

        var standards = codes.Standards.Count;
        var programmes = new int[standards];
        foreach (var programme in data.Programmes.Values)
            if (programme.IsActiveIn(regions))
                for (var s = programme.Standards; s != 0; s &= s - 1) programmes[BitOperations.TrailingZeroCount(s)]++;

        var tallies = new SupplyTally[standards];
        var regionsReached = new ulong[standards];
        var scoreSums = new double[standards];
        var scoreCounts = new int[standards];
        foreach (var offering in data.Offerings)
        {
            if (!offering.IsSupply) continue;
            for (var bits = offering.Programme.Standards; bits != 0; bits &= bits - 1)
            {
                var s = BitOperations.TrailingZeroCount(bits);
                (tallies[s] ??= new SupplyTally()).Add(offering);
                regionsReached[s] |= offering.Regions & regions;
            }
            // Scores count where the programme names the standard, as the offerings do.
            foreach (var (s, scores) in offering.StandardScores)
                if ((offering.Programme.Standards & (1UL << s)) != 0)
                {
                    scoreSums[s] += scores.Sum;
                    scoreCounts[s] += scores.Count;
                }
        }

        var rows = reference.Standards.Select((standard, s) =>
        {
            var tally = tallies[s] ?? new SupplyTally();
            var reported = tally.Reported;
            var scored = scoreCounts[s];
            return new StandardCoverage(standard.Code, standard.Title, programmes[s], tally.Offerings, tally.Seats,
                tally.Confirmed, tally.Completed + reported.Completed, tally.Passed + reported.Passed,
                ReportData.Mean(scoreSums[s], scored), scored,
                codes.Regions.SortedCodesOf(regionsReached[s]),
                codes.Countries.SortedCodesOf(Within(tally.Countries, group)),
                ReportData.Ratio(tally.Countries.CountIn(members), members.Count), reported);
        }).ToArray();
        return new StandardsCoverageReport(data.Scope, data.Freshness, members.Count, rows);
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

        var report = StandardsCoverageReportBuilder.Build(await ReportData.LoadAsync(session, facts, scope!, query.MinPosition, reference, withProviderNames: false, ct), reference);
        return ReportOutput.Respond(request, query, report, report.Freshness, report.Standards.Select(s => new StandardCoverageCsvRow(
            s.Standard, s.Programmes, s.Offerings, s.Seats, s.Confirmed, s.Completed, s.Passed, s.MeanStandardScore,
            ReportOutput.Join(s.RegionsReached), s.CountriesReached.Count, s.Coverage, s.Reported.Participants,
            s.Reported.Completed)), "standards-coverage");
    }
}
