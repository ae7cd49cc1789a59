using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using TrainingHub.Reviews;
using Wolverine.Http;

namespace TrainingHub.Reports;

public sealed record ReviewedProgrammeItem(Guid ProgrammeId, string Title, Guid ProviderId, string Provider,
    Guid ReviewId, DateTimeOffset ReviewedAt, double? MeanScore);

/// <summary>The programmes whose review as of asOf recommends this; <c>items</c> holds the first 500 by title, id.</summary>
public sealed record RecommendationFindings(string Recommendation, string Name, int Programmes,
    IReadOnlyList<ReviewedProgrammeItem> Items);

/// <summary>How the reviews as of asOf score one criterion; <c>unmet</c> = not met + partly met.</summary>
public sealed record CriterionFindings(string Criterion, string Name, int NotMet, int PartlyMet, int LargelyMet,
    int FullyMet, int Unmet, double? MeanScore, double? UnmetShare);

public sealed record ReviewsReport(ReportScope Scope, Freshness Freshness, int Programmes, int Reviewed, int Unreviewed,
    IReadOnlyList<RecommendationFindings> ByRecommendation, IReadOnlyList<CriterionFindings> Criteria);

/// <summary>A programme considered and the review that stood for it at asOf.</summary>
public sealed record ProgrammeReviewAsOf(ScopedProgramme Programme, string Provider, ReviewView Review)
{
    public double? MeanScore => ReportData.Mean(Review.Criteria.Sum(c => c.Score), Review.Criteria.Count);
}

/// <summary>The programmes considered, and those of them reviewed by asOf in report order (recommendation in
/// vocabulary order, then title, then id).</summary>
public sealed record ReviewsAsOf(int Programmes, IReadOnlyList<ProgrammeReviewAsOf> Reviewed);

/// <summary>
/// What the Task Force's analysts judged of the programmes' design, as of asOf.
/// <list type="bullet">
/// <item>Programmes considered (<c>programmes</c>): those in force at asOf that match the filters (discipline,
/// standard, level, provider: as every report), are not retired and serve a region in scope: as the
/// standards-coverage report counts programmes. Programmes have no dates, so from/to do not narrow them, nor does
/// countryGroup.</item>
/// <item>A programme's review as of asOf: the latest of its reviews recorded at or before asOf (a review recorded
/// later does not exist yet then; one superseded after asOf still stands at asOf). <c>reviewed</c> counts the
/// programmes considered that have one, <c>unreviewed</c> the others.</item>
/// <item><c>byRecommendation</c>: per recommendation, in vocabulary order, the programmes whose review as of asOf
/// recommends it, ordered by title then id (the first 500 listed, all counted), each with the mean of its review's
/// criterion scores (2 decimals).</item>
/// <item><c>criteria</c>: per criterion, the number of those reviews scoring it 0 (not met), 1 (partly met),
/// 2 (largely met), 3 (fully met); <c>unmet</c> = 0 or 1; <c>meanScore</c>; <c>unmetShare</c> = unmet / reviewed
/// (4 decimals). Ordered by unmet (most first), then vocabulary order: the criteria most often unmet first.</item>
/// </list>
/// </summary>
public static class ReviewsReportBuilder
{
    public const int MaxItems = 500;

    public static ReviewsReport Build(ScopedData data, IEnumerable<ProgrammeReviewsView> reviews, ReferenceData reference) =>
        Build(data, AsOf(data, reviews, reference), reference);

    public static ReviewsAsOf AsOf(ScopedData data, IEnumerable<ProgrammeReviewsView> reviews, ReferenceData reference)
    {
        var regions = reference.Ordinals.Regions.Mask(data.Scope.Regions(reference));
        var considered = data.Programmes.Values.Where(p => p.IsActiveIn(regions))
            .ToDictionary(p => p.Id);
        var recommendationOrder = reference.Vocabularies.ReviewRecommendations.Select((r, i) => (r.Code, i))
            .ToDictionary(r => r.Code, r => r.i);
        var reviewed = new List<ProgrammeReviewAsOf>();
        foreach (var programmeReviews in reviews)
        {
            if (!considered.TryGetValue(programmeReviews.Id, out var programme)) continue;
            // The latest recorded by asOf; on equal instants the later recorded.
            var standing = programmeReviews.Reviews.Where(r => r.ReviewedAt <= data.Scope.AsOf)
                .Aggregate((ReviewView?)null, (latest, r) => latest is null || r.ReviewedAt >= latest.ReviewedAt ? r : latest);
            if (standing is not null && recommendationOrder.ContainsKey(standing.Recommendation))
                reviewed.Add(new ProgrammeReviewAsOf(programme,
                    data.ProviderNames.GetValueOrDefault(programme.Version.ProviderId, programme.Version.ProviderId.ToString()),
                    standing));
        }
        return new ReviewsAsOf(considered.Count, [.. reviewed
            .OrderBy(r => recommendationOrder[r.Review.Recommendation])
            .ThenBy(r => r.Programme.Version.Title, StringComparer.Ordinal)
            .ThenBy(r => r.Programme.Id)]);
    }

    public static ReviewsReport Build(ScopedData data, ReviewsAsOf asOf, ReferenceData reference)
    {
        var byRecommendation = reference.Vocabularies.ReviewRecommendations.Select(recommendation =>
        {
            var programmes = asOf.Reviewed.Where(r => r.Review.Recommendation == recommendation.Code).ToArray();
            return new RecommendationFindings(recommendation.Code, recommendation.Name, programmes.Length,
                [.. programmes.Take(MaxItems).Select(r => new ReviewedProgrammeItem(r.Programme.Id, r.Programme.Version.Title,
                    r.Programme.Version.ProviderId, r.Provider, r.Review.Id, r.Review.ReviewedAt, r.MeanScore))]);
        }).ToArray();

        var reviewed = asOf.Reviewed.Count;
        var criteria = reference.Vocabularies.ReviewCriteria.Select(criterion =>
        {
            var counts = new int[ReviewScore.FullyMet + 1];
            var (sum, scored) = (0, 0);
            foreach (var review in asOf.Reviewed)
                foreach (var score in review.Review.Criteria)
                    if (score.Criterion == criterion.Code)
                    {
                        counts[score.Score]++;
                        (sum, scored) = (sum + score.Score, scored + 1);
                    }
            var unmet = counts[ReviewScore.NotMet] + counts[ReviewScore.PartlyMet];
            return new CriterionFindings(criterion.Code, criterion.Name, counts[ReviewScore.NotMet],
                counts[ReviewScore.PartlyMet], counts[ReviewScore.LargelyMet], counts[ReviewScore.FullyMet], unmet,
                ReportData.Mean(sum, scored), ReportData.Ratio(unmet, reviewed));
        }).ToArray();

        // A stable sort: equal unmet counts keep vocabulary order.
        return new ReviewsReport(data.Scope, data.Freshness, asOf.Programmes, reviewed, asOf.Programmes - reviewed,
            byRecommendation, [.. criteria.OrderByDescending(c => c.Unmet)]);
    }

    /// <summary>One row per reviewed programme, in report order, a column per criterion (vocabulary order).</summary>
    public static IEnumerable<ReviewCsvRow> CsvRows(ReviewsAsOf asOf) => asOf.Reviewed.Select(r =>
    {
        int? Score(string criterion) => r.Review.Criteria.FirstOrDefault(c => c.Criterion == criterion)?.Score;
        return new ReviewCsvRow(r.Programme.Id, r.Programme.Version.Title, r.Provider, r.Review.Recommendation,
            r.Review.ReviewedAt, Score("aligned-to-standards"), Score("designed-from-need"), Score("learning-assessed"),
            Score("results-followed-up"), Score("lasting-capacity"), Score("cost-known"), r.MeanScore);
    });
}

/// <summary>The criterion columns are named after the criteria's codes (a unit test keeps them equal).</summary>
public sealed record ReviewCsvRow(Guid ProgrammeId, string Title, string Provider, string Recommendation,
    DateTimeOffset ReviewedAt, int? AlignedToStandards, int? DesignedFromNeed, int? LearningAssessed,
    int? ResultsFollowedUp, int? LastingCapacity, int? CostKnown, double? MeanScore);

public static class GetReviewsReportEndpoint
{
    [WolverineGet("/api/reports/reviews", OperationId = "getReviewsReport")]
    [Authorize(Policy = Roles.Policies.Analyst)]
    [ProducesResponseType<ReviewsReport>(StatusCodes.Status200OK)]
    [Produces("application/json", "text/csv")]
    public static async Task<IResult> Get([FromQuery] ReportQuery query, HttpRequest request, IQuerySession session,
        ReportFacts facts, ReferenceData reference, TimeProvider clock, CancellationToken ct)
    {
        var (scope, problem) = ReportScope.Resolve(query, reference, clock.GetUtcNow());
        if (!problem.IsNone()) return TypedResults.Problem(problem);

        var data = await ReportData.LoadAsync(session, facts, scope!, query.MinPosition, reference, withProviderNames: true, ct);
        // Reviews are an inline view: read only those of the programmes in force at asOf.
        var reviews = await session.LoadManyAsync<ProgrammeReviewsView>(ct, data.Programmes.Keys);
        var asOf = ReviewsReportBuilder.AsOf(data, reviews, reference);
        var report = ReviewsReportBuilder.Build(data, asOf, reference);
        return ReportOutput.Respond(request, query, report, report.Freshness, ReviewsReportBuilder.CsvRows(asOf), "reviews");
    }
}
