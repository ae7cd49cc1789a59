using System.Text.Json;
using JasperFx.Events;
using TrainingHub.Catalogue;
using TrainingHub.Reference;
using TrainingHub.Reports;
using TrainingHub.Reviews;
using static TrainingHub.UnitTests.Given;

namespace TrainingHub.UnitTests.Reviews;

public class ReviewDecisionTests
{
    private static readonly ReferenceData Reference = ReferenceData.Current;
    private static readonly Guid ReviewId = Guid.Parse("0000000f-0000-0000-0000-000000000001");
    private static readonly Reviewer Secretariat = new(Guid.Parse("0000000c-0000-0000-0000-000000000003"), "Task Force secretariat");
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] Criteria = [.. Reference.Vocabularies.ReviewCriteria.Select(c => c.Code)];

    /// <summary>Every criterion once, in reverse vocabulary order, scored 3, 2, 1, 0, 3, 2.</summary>
    private static RecordReview Review(string recommendation = "support-if-improved", params string[] improvements) => new(
        [.. Criteria.Reverse().Zip([3, 2, 1, 0, 3, 2], (c, score) => new CriterionInput(c, score, $" Why {c} "))],
        recommendation,
        improvements.Length == 0 ? [" Assess learning before and after "] : improvements,
        "  Sound design; follow-up missing. ");

    private static Programme Active => Programme(ProgrammeRegisteredByA());

    private static RecordReview WithCriteria(params CriterionInput?[] criteria) => Review() with { Criteria = criteria };

    private static CriterionInput Scored(string criterion, int? score = 2, string? rationale = "Because") =>
        new(criterion, score, rationale);

    [Fact]
    public void Given_a_programme_when_reviewed_then_every_criterion_is_kept_in_vocabulary_order_with_the_reviewer_and_tidy_text()
    {
        var command = Review();
        RecordReview.Validate(command, Active, ProgrammeId, Reference).ShouldBeNone();

        var reviewed = RecordReview.Decide(command, Active, Reference, ReviewId, Secretariat, Now);

        Assert.Equal((ReviewId, ProgrammeId, Secretariat.OrganisationId, "Task Force secretariat", Now),
            (reviewed.ReviewId, reviewed.ProgrammeId, reviewed.ReviewerId, reviewed.ReviewerName, reviewed.ReviewedAt));
        Assert.Equal(Criteria, reviewed.Criteria.Select(c => c.Criterion));
        Assert.Equal(new CriterionScore("cost-known", 3, "Why cost-known"), reviewed.Criteria[^1]);
        Assert.Equal(("support-if-improved", "Sound design; follow-up missing."), (reviewed.Recommendation, reviewed.Summary));
        Assert.Equal(["Assess learning before and after"], reviewed.Improvements);
        Assert.Equal(ReviewId, ProgrammeReview.Create(reviewed).Id);
    }

    [Fact]
    public void A_review_scores_every_criterion_of_the_vocabulary()
    {
        Assert.Equal(RecordReview.MaxCriteria, Criteria.Length);
        Assert.Equal(["aligned-to-standards", "designed-from-need", "learning-assessed", "results-followed-up",
            "lasting-capacity", "cost-known"], Criteria);
    }

    [Fact]
    public void Missing_criteria_are_named_together()
    {
        var problem = RecordReview.Validate(WithCriteria([.. Criteria.Skip(2).Select(c => Scored(c))]), Active, ProgrammeId,
            Reference);

        problem.ShouldRejectField("criteria");
        Assert.Contains("Missing: aligned-to-standards, designed-from-need", problem.Detail);
    }

    [Fact]
    public void A_repeated_criterion_is_named_where_it_repeats()
    {
        var problem = RecordReview.Validate(
            WithCriteria([.. Criteria.Take(5).Select(c => Scored(c)), Scored("aligned-to-standards")]), Active, ProgrammeId,
            Reference);

        problem.ShouldRejectField("criteria[5].criterion");
        problem.ShouldRejectField("criteria");
        Assert.Contains("already scored at criteria[0]", problem.Detail);
        Assert.Contains("Missing: cost-known", problem.Detail);
    }

    [Fact]
    public void More_entries_than_criteria_are_one_problem()
    {
        var problem = RecordReview.Validate(WithCriteria([.. Criteria.Select(c => Scored(c)), Scored("cost-known")]), Active,
            ProgrammeId, Reference);

        problem.ShouldRejectField("criteria");
        Assert.DoesNotContain("criteria[6].criterion", problem.Detail);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    [InlineData(null, false)]
    public void Scores_run_from_0_not_met_to_3_fully_met(int? score, bool accepted)
    {
        var problem = RecordReview.Validate(
            WithCriteria([.. Criteria.Select((c, i) => Scored(c, i == 2 ? score : 1))]), Active, ProgrammeId, Reference);

        if (accepted) problem.ShouldBeNone();
        else problem.ShouldRejectField("criteria[2].score");
    }

    [Fact]
    public void Rationales_unknown_criteria_and_empty_entries_are_named_by_position()
    {
        var problem = RecordReview.Validate(WithCriteria(Scored(Criteria[0], rationale: " "),
            Scored(Criteria[1], rationale: new string('x', RecordReview.MaxRationale + 1)), Scored("well-marketed"), null),
            Active, ProgrammeId, Reference);

        problem.ShouldRejectField("criteria[0].rationale");
        problem.ShouldRejectField("criteria[1].rationale");
        problem.ShouldRejectField("criteria[2].criterion");
        problem.ShouldRejectField("criteria[3]");
    }

    [Fact]
    public void Improvements_are_required_unless_the_recommendation_is_support()
    {
        RecordReview.Validate(Review("not-now") with { Improvements = [] }, Active, ProgrammeId, Reference)
            .ShouldRejectField("improvements");
        RecordReview.Validate(Review("support-if-improved") with { Improvements = null }, Active, ProgrammeId, Reference)
            .ShouldRejectField("improvements");
        RecordReview.Validate(Review("support") with { Improvements = null }, Active, ProgrammeId, Reference).ShouldBeNone();
    }

    [Fact]
    public void Improvements_are_at_most_ten_of_1_to_500_characters()
    {
        RecordReview.Validate(Review() with { Improvements = [.. Enumerable.Repeat("More practice", 11)] }, Active,
            ProgrammeId, Reference).ShouldRejectField("improvements");
        var problem = RecordReview.Validate(Review() with { Improvements = ["Fine", " ", new string('x', 501)] }, Active,
            ProgrammeId, Reference);
        problem.ShouldRejectField("improvements[1]");
        problem.ShouldRejectField("improvements[2]");
    }

    [Fact]
    public void The_recommendation_is_a_known_code_and_the_summary_at_most_2000_characters()
    {
        RecordReview.Validate(Review("fund-it"), Active, ProgrammeId, Reference).ShouldRejectField("recommendation");
        RecordReview.Validate(Review() with { Summary = new string('x', 2001) }, Active, ProgrammeId, Reference)
            .ShouldRejectField("summary");
    }

    [Fact]
    public void Only_an_existing_programme_still_delivered_is_reviewed()
    {
        RecordReview.Validate(Review(), null, ProgrammeId, Reference).ShouldHaveStatus(404);
        RecordReview.Validate(Review(), Programme(ProgrammeRegisteredByA(), new ProgrammeRetired(ProgrammeId, null)),
            ProgrammeId, Reference).ShouldHaveStatus(409);
    }

    [Fact]
    public void Lists_are_read_no_further_than_one_past_their_maximum()
    {
        var json = "{\"criteria\":[" + string.Join(',', Enumerable.Repeat("{\"criterion\":\"cost-known\"}", 50_000))
                   + "],\"improvements\":[" + string.Join(',', Enumerable.Repeat("\"x\"", 50_000)) + "]}";

        var command = JsonSerializer.Deserialize<RecordReview>(json, JsonSerializerOptions.Web)!;

        Assert.Equal((RecordReview.MaxCriteria + 1, RecordReview.MaxImprovements + 1),
            (command.Criteria!.Count, command.Improvements!.Count));
    }

    [Fact]
    public void Given_a_review_when_a_newer_one_is_recorded_then_it_supersedes_the_older_and_becomes_current()
    {
        var first = RecordReview.Decide(Review(), Active, Reference, ReviewId, Secretariat, Now);
        var second = RecordReview.Decide(Review("support"), Active, Reference, Guid.NewGuid(), Secretariat, Now.AddDays(30));

        var view = Project(first, second);

        Assert.Equal(ProgrammeId, view.Id);
        Assert.Equal([first.ReviewId, second.ReviewId], view.Reviews.Select(r => r.Id));
        var older = view.Find(first.ReviewId)!;
        Assert.Equal((false, Now.AddDays(30), second.ReviewId), (older.Current, older.SupersededAt, older.SupersededBy));
        Assert.Equal((second.ReviewId, true, (DateTimeOffset?)null), (view.Current!.Id, view.Current.Current, view.Current.SupersededAt));
    }

    [Fact]
    public void The_csv_has_a_column_per_criterion_named_after_its_code()
    {
        var columns = typeof(ReviewCsvRow).GetProperties().Select(p => p.Name).ToArray();

        Assert.Equal(Criteria.Select(Pascal), columns[5..^1]);

        static string Pascal(string code) => string.Concat(code.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
    }

    /// <summary>What the inline projection writes, applied here to one document.</summary>
    public static ProgrammeReviewsView Project(params ProgrammeReviewed[] events)
    {
        var projection = new ProgrammeReviewsViewProjection();
        var view = new ProgrammeReviewsView();
        foreach (var e in events) projection.Apply(new Event<ProgrammeReviewed>(e) { Timestamp = e.ReviewedAt }, view);
        return view;
    }
}
