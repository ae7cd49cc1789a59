using System.Numerics;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Reports;

/// <summary>An element's figures in one region in scope.</summary>
public sealed record CurriculumRegion(string Region, int Programmes, int Offerings, int Trainees);

public sealed record CurriculumElement(string Element, string Standard, string Title, int Programmes,
    double? ShareOfProgrammes, int Offerings, int Trainees, int Completed, int TrainersTrained, bool Core,
    IReadOnlyList<CurriculumRegion> Regions);

public sealed record CurriculumReport(ReportScope Scope, Freshness Freshness, int ProgrammesInScope,
    int ProgrammesWithCurriculum, int ProgrammesTrainingTrainers, double CoreShare, IReadOnlyList<string> Core,
    IReadOnlyList<string> TaughtNowhere, IReadOnlyList<CurriculumElement> Elements);

/// <summary>
/// The main elements of the training programmes (Task 2), per element of the standards, taught or not, in reference
/// order. Programmes and offerings are taken as they stood at asOf.
/// <list type="bullet">
/// <item>programmesInScope: programmes in force at asOf matching the filters that are not retired and serve a region
/// in scope; programmesWithCurriculum: those of them with at least one module; programmesTrainingTrainers: those of
/// them that train trainers (with or without modules).</item>
/// <item>programmes: programmes with a curriculum whose modules teach the element; shareOfProgrammes = programmes /
/// programmesWithCurriculum (4 decimals, null over none); core: shareOfProgrammes as rounded ≥ coreShare (default
/// 0.5).</item>
/// <item>offerings: supply offerings in scope (not cancelled) whose programme's modules teach the element, retired
/// programmes included (their past offerings still happened, as in standards coverage); trainees: their seat holders
/// (confirmed, completed or did-not-complete) plus reported participants; completed: tracked plus reported
/// completions; trainersTrained: the trainees of those offerings whose programme trains trainers.</item>
/// <item>regions: per region in scope, programmes (with a curriculum, teaching it, serving the region) and offerings
/// and trainees of the offerings counting in the region (an offering may count in several).</item>
/// <item>core and taughtNowhere list the element codes that are core and that no programme with a curriculum
/// teaches, in reference order.</item>
/// </list>
/// </summary>
public static class CurriculumReportBuilder
{
    public const double DefaultCoreShare = 0.5;

    public static CurriculumReport Build(ScopedData data, ReferenceData reference, double coreShare)
    {
        var codes = reference.Ordinals;
        var (elements, regionCount) = (codes.Elements.Count, codes.Regions.Count);
        var inScope = codes.Regions.Mask(data.Scope.Regions(reference));

        int programmesInScope = 0, withCurriculum = 0, trainingTrainers = 0;
        var programmes = new int[elements];
        var programmesIn = new int[elements, regionCount];
        foreach (var programme in data.Programmes.Values)
        {
            if (!programme.IsActiveIn(inScope)) continue;
            var (version, served) = (programme.Version, programme.ServedRegions & inScope);
            programmesInScope++;
            if (version.TrainsTrainers == true) trainingTrainers++;
            if (version.Modules is not > 0) continue;
            withCurriculum++;
            for (var i = 0; i < programme.Elements.Count; i++)
            {
                var e = programme.Elements[i];
                programmes[e]++;
                for (var r = served; r != 0; r &= r - 1) programmesIn[e, BitOperations.TrailingZeroCount(r)]++;
            }
        }

        var offerings = new int[elements];
        var trainees = new int[elements];
        var completed = new int[elements];
        var trainersTrained = new int[elements];
        var offeringsIn = new int[elements, regionCount];
        var traineesIn = new int[elements, regionCount];
        foreach (var offering in data.Offerings)
        {
            var taught = offering.Programme.Elements;
            if (!offering.IsSupply || taught.Count == 0) continue;
            var counts = offering.Counts;
            var held = counts.Confirmed + (counts.Reported?.Participants ?? 0);
            var finished = counts.Completed + (counts.Reported?.Completed ?? 0);
            var trainers = offering.Programme.Version.TrainsTrainers == true ? held : 0;
            var regions = offering.Regions & inScope;
            for (var i = 0; i < taught.Count; i++)
            {
                var e = taught[i];
                offerings[e]++;
                trainees[e] += held;
                completed[e] += finished;
                trainersTrained[e] += trainers;
                for (var r = regions; r != 0; r &= r - 1)
                {
                    var region = BitOperations.TrailingZeroCount(r);
                    offeringsIn[e, region]++;
                    traineesIn[e, region] += held;
                }
            }
        }

        var regionCodes = data.Scope.Regions(reference);
        CurriculumRegion[] Regions(int e) => [.. regionCodes.Select(code => codes.Regions.OrdinalOf(code)).Select(r =>
            new CurriculumRegion(codes.Regions.Codes[r], programmesIn[e, r], offeringsIn[e, r], traineesIn[e, r]))];
        var rows = reference.Standards.SelectMany(standard => standard.Elements.Select(element =>
        {
            var e = codes.Elements.OrdinalOf(element.Code);
            var share = ReportData.Ratio(programmes[e], withCurriculum);
            return new CurriculumElement(element.Code, standard.Code, element.Title, programmes[e], share, offerings[e],
                trainees[e], completed[e], trainersTrained[e], share >= coreShare, Regions(e));
        })).ToArray();
        return new CurriculumReport(data.Scope, data.Freshness, programmesInScope, withCurriculum, trainingTrainers,
            coreShare, [.. rows.Where(r => r.Core).Select(r => r.Element)],
            [.. rows.Where(r => r.Programmes == 0).Select(r => r.Element)], rows);
    }
}

public sealed record CurriculumCsvRow(string Element, string Standard, string Region, int Programmes, int Offerings,
    int Trainees);

public static class GetCurriculumReportEndpoint
{
    [WolverineGet("/api/reports/curriculum", OperationId = "getCurriculumReport")]
    [Authorize(Policy = Roles.Policies.Analyst)]
    [ProducesResponseType<CurriculumReport>(StatusCodes.Status200OK)]
    [Produces("application/json", "text/csv")]
    public static async Task<IResult> Get([FromQuery] ReportQuery query, double? coreShare, HttpRequest request,
        IQuerySession session, ReportFacts facts, ReferenceData reference, TimeProvider clock, CancellationToken ct)
    {
        var (scope, problem) = ReportScope.Resolve(query, reference, clock.GetUtcNow());
        if (!problem.IsNone()) return TypedResults.Problem(problem);
        // NaN and the infinities fail both comparisons.
        var errors = new ValidationErrors()
            .When(coreShare is { } share && !(share > 0 && share <= 1), "coreShare", "A number more than 0 and at most 1.");
        if (!errors.IsEmpty) return TypedResults.Problem(Problems.Invalid(errors));

        var data = await ReportData.LoadAsync(session, facts, scope!, query.MinPosition, reference, withProviderNames: false, ct);
        var report = CurriculumReportBuilder.Build(data, reference, coreShare ?? CurriculumReportBuilder.DefaultCoreShare);
        return ReportOutput.Respond(request, query, report, report.Freshness, report.Elements.SelectMany(e =>
            e.Regions.Select(r => new CurriculumCsvRow(e.Element, e.Standard, r.Region, r.Programmes, r.Offerings,
                r.Trainees))), "curriculum");
    }
}
