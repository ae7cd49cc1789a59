using TrainingHub.Reference;
using TrainingHub.Reports;
using TrainingHub.Reviews;
using TrainingHub.UnitTests.Reviews;

namespace TrainingHub.UnitTests.Reports;

public class ReviewsReportBuilderTests
{
    private static readonly ReferenceData Reference = ReferenceData.Current;
    private static readonly Guid Provider = Guid.NewGuid(), Analyst = Guid.NewGuid();
    private static readonly DateTimeOffset Registered = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset BetweenReviews = new(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AfterAll = new(2027, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly ScopedProgramme Census = Programme("Census methods"),
        Flows = Programme("Migration flows"),
        Labour = Programme("Labour migration"),
        Remittances = Programme("Remittances"),
        Retired = Programme("Retired course", retired: true);

    private static ScopedProgramme Programme(string title, bool retired = false) =>
        ScopedProgramme.Of(Guid.NewGuid(), new ProgrammeVersion(Registered, Provider, title, "intermediate", ["demography"],
            ["EGMS-CF-2021"], ["ECE"], retired), Reference.Ordinals);

    /// <summary>Scores in vocabulary order: aligned-to-standards, designed-from-need, learning-assessed,
    /// results-followed-up, lasting-capacity, cost-known.</summary>
    private static ProgrammeReviewed Reviewed(ScopedProgramme programme, string recommendation, DateTimeOffset at,
        params int[] scores) =>
        new(Guid.NewGuid(), programme.Id, Analyst, "Secretariat",
            [.. Reference.Vocabularies.ReviewCriteria.Zip(scores, (c, s) => new CriterionScore(c.Code, s, "Because"))],
            recommendation, ["Improve"], null, at);

    // Census is reviewed twice: not now in January, support in September (superseding January's). Labour is first
    // reviewed in August, Remittances never; the retired course's review never counts.
    private static readonly ProgrammeReviewed CensusFirst = Reviewed(Census, "not-now", new(2027, 1, 10, 0, 0, 0, TimeSpan.Zero), 2, 0, 1, 0, 1, 2);
    private static readonly ProgrammeReviewed CensusSecond = Reviewed(Census, "support", new(2027, 9, 1, 0, 0, 0, TimeSpan.Zero), 3, 2, 3, 2, 2, 3);
    private static readonly ProgrammeReviewed FlowsReview = Reviewed(Flows, "support-if-improved", new(2027, 2, 1, 0, 0, 0, TimeSpan.Zero), 3, 1, 2, 0, 2, 1);
    private static readonly ProgrammeReviewed LabourReview = Reviewed(Labour, "support-if-improved", new(2027, 8, 1, 0, 0, 0, TimeSpan.Zero), 2, 1, 2, 1, 3, 3);
    private static readonly ProgrammeReviewed RetiredReview = Reviewed(Retired, "support", new(2027, 1, 5, 0, 0, 0, TimeSpan.Zero), 3, 3, 3, 3, 3, 3);

    private static readonly ProgrammeReviewsView[] Reviews =
    [
        ReviewDecisionTests.Project(CensusFirst, CensusSecond),
        ReviewDecisionTests.Project(FlowsReview),
        ReviewDecisionTests.Project(LabourReview),
        ReviewDecisionTests.Project(RetiredReview),
    ];

    private static ScopedData Data(DateTimeOffset asOf) =>
        new(new ReportScope(asOf, new DateOnly(2024, 1, 1), new DateOnly(2028, 1, 1), null, null, null, null, null),
            new Freshness(0, null, 0, UpToDate: true), [],
            new[] { Census, Flows, Labour, Remittances, Retired }.ToDictionary(p => p.Id),
            new Dictionary<Guid, string> { [Provider] = "Statistics Office" });

    private static (int, int, int) Counts(ReviewsReport report) => (report.Programmes, report.Reviewed, report.Unreviewed);

    private static IEnumerable<(string, int)> ByRecommendation(ReviewsReport report) =>
        report.ByRecommendation.Select(r => (r.Recommendation, r.Programmes));

    [Fact]
    public void Between_the_two_reviews_the_first_stands_and_a_later_review_does_not_exist_yet()
    {
        var report = ReviewsReportBuilder.Build(Data(BetweenReviews), Reviews, Reference);

        // Considered: Census, Flows, Labour, Remittances (the retired course is not). Reviewed by June: Census (its
        // January review, not now) and Flows; Labour (August) and Remittances are unreviewed.
        Assert.Equal((4, 2, 2), Counts(report));
        Assert.Equal([("support", 0), ("support-if-improved", 1), ("not-now", 1)], ByRecommendation(report));
        var census = report.ByRecommendation[2].Items.Single();
        Assert.Equal((Census.Id, "Census methods", "Statistics Office", CensusFirst.ReviewId, 1.0),
            (census.ProgrammeId, census.Title, census.Provider, census.ReviewId, census.MeanScore));
        Assert.Equal(1.5, report.ByRecommendation[1].Items.Single().MeanScore);

        // Unmet (0 or 1) over Census's first (2 0 1 0 1 2) and Flows (3 1 2 0 2 1): aligned 0, need 2, learning 1,
        // results 2, lasting 1, cost 1; ties in vocabulary order.
        Assert.Equal(["designed-from-need", "results-followed-up", "learning-assessed", "lasting-capacity", "cost-known",
            "aligned-to-standards"], report.Criteria.Select(c => c.Criterion));
        Assert.Equal([2, 2, 1, 1, 1, 0], report.Criteria.Select(c => c.Unmet));
        var need = report.Criteria[0];
        Assert.Equal((1, 1, 0, 0, 0.5, 1.0), (need.NotMet, need.PartlyMet, need.LargelyMet, need.FullyMet, need.MeanScore, need.UnmetShare));
    }

    [Fact]
    public void After_both_reviews_the_second_supersedes_the_first()
    {
        var report = ReviewsReportBuilder.Build(Data(AfterAll), Reviews, Reference);

        // Reviewed: Census (September, support: mean 15/6 = 2.5), Flows (1.5) and Labour (12/6 = 2.0); Remittances not.
        Assert.Equal((4, 3, 1), Counts(report));
        Assert.Equal([("support", 1), ("support-if-improved", 2), ("not-now", 0)], ByRecommendation(report));
        Assert.Equal((CensusSecond.ReviewId, 2.5), (report.ByRecommendation[0].Items[0].ReviewId, report.ByRecommendation[0].Items[0].MeanScore));
        // Ordered by title: Labour migration before Migration flows.
        Assert.Equal([(Labour.Id, 2.0), (Flows.Id, 1.5)],
            report.ByRecommendation[1].Items.Select(i => (i.ProgrammeId, i.MeanScore!.Value)));

        // Over Census's second (3 2 3 2 2 3), Flows (3 1 2 0 2 1) and Labour (2 1 2 1 3 3): unmet aligned 0, need 2,
        // learning 0, results 2, lasting 0, cost 1. need: mean 4/3 = 1.33, share 2/3 = 0.6667.
        Assert.Equal(["designed-from-need", "results-followed-up", "cost-known", "aligned-to-standards",
            "learning-assessed", "lasting-capacity"], report.Criteria.Select(c => c.Criterion));
        Assert.Equal([2, 2, 1, 0, 0, 0], report.Criteria.Select(c => c.Unmet));
        Assert.Equal((1.33, 0.6667), (report.Criteria[0].MeanScore, report.Criteria[0].UnmetShare));
    }

    [Fact]
    public void The_csv_has_a_row_per_reviewed_programme_in_report_order_with_each_criterion_score()
    {
        var rows = ReviewsReportBuilder.CsvRows(ReviewsReportBuilder.AsOf(Data(AfterAll), Reviews, Reference)).ToArray();

        Assert.Equal([Census.Id, Labour.Id, Flows.Id], rows.Select(r => r.ProgrammeId));
        Assert.Equal(("support", 3, 2, 3, 2, 2, 3, 2.5), (rows[0].Recommendation, rows[0].AlignedToStandards,
            rows[0].DesignedFromNeed, rows[0].LearningAssessed, rows[0].ResultsFollowedUp, rows[0].LastingCapacity,
            rows[0].CostKnown, rows[0].MeanScore));
    }

    [Fact]
    public void Before_any_review_every_programme_is_unreviewed_and_no_criterion_has_a_share()
    {
        var report = ReviewsReportBuilder.Build(Data(new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)), Reviews, Reference);

        Assert.Equal((4, 0, 4), Counts(report));
        Assert.All(report.Criteria, c => Assert.Equal((0, (double?)null, (double?)null), (c.Unmet, c.MeanScore, c.UnmetShare)));
    }
}
