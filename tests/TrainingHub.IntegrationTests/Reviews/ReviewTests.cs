using System.Text.Json.Nodes;
using Marten.Events;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Reviews;

public class ReviewTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private static readonly string[] Criteria =
        ["aligned-to-standards", "designed-from-need", "learning-assessed", "results-followed-up", "lasting-capacity", "cost-known"];

    /// <summary>A review scoring the criteria (vocabulary order) with the given scores.</summary>
    private static Dictionary<string, object?> Review(string recommendation, params int[] scores) => new()
    {
        ["criteria"] = Criteria.Zip(scores, (criterion, score) => new { criterion, score, rationale = $"Evidence on {criterion}." }).ToArray(),
        ["recommendation"] = recommendation,
        ["improvements"] = recommendation == "support" ? Array.Empty<string>() : ["Assess learning before and after the course."],
        ["summary"] = "A sound curriculum on the standards; results are not followed up.",
    };

    private async Task<(Provider Provider, Provider Analyst, Guid Programme)> World()
    {
        var provider = await Api.NewProvider("UNFPA");
        var analyst = await Api.NewOrganisationWithKey("Task Force secretariat", Roles.Analyst);
        var programme = await Api.RegisterProgramme(provider.Key);
        return (provider, analyst, programme.Id);
    }

    private static IEnumerable<string> Ids(JsonNode reviews) => reviews.AsArray().Select(r => r!["id"]!.GetValue<string>());

    [Fact]
    public async Task An_analyst_records_a_review_the_provider_reads_it_other_providers_and_partners_do_not()
    {
        var (provider, analyst, programme) = await World();
        var other = await Api.NewProvider("UNECE");
        var partner = await Api.NewOrganisationWithKey("Partner portal", Roles.Partner);

        var recorded = (await Api.Post($"/api/programmes/{programme}/reviews", analyst.Key, Review("support-if-improved", 3, 1, 2, 0, 2, 1)))
            .ShouldBe(201);

        var review = recorded.Json;
        var id = review["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/reviews/{id}", recorded.Headers.Get("Location"));
        Assert.NotNull(recorded.Headers.Get("Event-Position"));
        Assert.Equal(("Task Force secretariat", analyst.Id, true, "support-if-improved"), (review["reviewerName"]!.GetValue<string>(),
            review["reviewerId"]!.GetValue<Guid>(), review["current"]!.GetValue<bool>(), review["recommendation"]!.GetValue<string>()));
        Assert.Equal(Criteria, review["criteria"]!.AsArray().Select(c => c!["criterion"]!.GetValue<string>()));

        var own = (await Api.Get($"/api/programmes/{programme}/reviews", provider.Key)).ShouldBe(200).Json;
        Assert.Equal(id, own["current"]!["id"]!.GetValue<Guid>());
        (await Api.Get($"/api/reviews/{id}", provider.Key)).ShouldBe(200);
        (await Api.Get($"/api/reviews/{id}", analyst.Key)).ShouldBe(200);
        (await Api.Get($"/api/reviews/{id}", Api.AdminKey)).ShouldBe(200);
        foreach (var stranger in new[] { other.Key, partner.Key })
        {
            (await Api.Get($"/api/programmes/{programme}/reviews", stranger)).ShouldBe(404);
            (await Api.Get($"/api/reviews/{id}", stranger)).ShouldBe(404);
        }
        (await Api.Get($"/api/reviews/{Guid.NewGuid()}", analyst.Key)).ShouldBe(404);
    }

    [Fact]
    public async Task Only_analysts_and_admin_record_reviews_of_programmes_that_exist_and_are_not_retired()
    {
        var (provider, analyst, programme) = await World();

        (await Api.Post($"/api/programmes/{programme}/reviews", provider.Key, Review("support", 3, 3, 3, 3, 3, 3))).ShouldBe(403);
        (await Api.Post($"/api/programmes/{programme}/reviews", Api.AdminKey, Review("support", 3, 3, 3, 3, 3, 3))).ShouldBe(201);
        (await Api.Post($"/api/programmes/{Guid.NewGuid()}/reviews", analyst.Key, Review("support", 3, 3, 3, 3, 3, 3))).ShouldBe(404);
        (await Api.Post($"/api/programmes/{programme}/retire", provider.Key, new { reason = "Replaced" })).ShouldBe(200);
        (await Api.Post($"/api/programmes/{programme}/reviews", analyst.Key, Review("support", 3, 3, 3, 3, 3, 3))).ShouldBe(409);
    }

    [Fact]
    public async Task A_newer_review_supersedes_the_older_and_the_history_shows_both_latest_first()
    {
        var (provider, analyst, programme) = await World();
        var first = (await Api.Post($"/api/programmes/{programme}/reviews", analyst.Key, Review("not-now", 2, 0, 1, 0, 1, 2)))
            .ShouldBe(201).Json;
        var second = (await Api.Post($"/api/programmes/{programme}/reviews", analyst.Key, Review("support", 3, 2, 3, 2, 2, 3)))
            .ShouldBe(201).Json;
        var (firstId, secondId) = (first["id"]!.GetValue<string>(), second["id"]!.GetValue<string>());

        var history = (await Api.Get($"/api/programmes/{programme}/reviews", provider.Key)).ShouldBe(200).Json;

        Assert.Equal(secondId, history["current"]!["id"]!.GetValue<string>());
        Assert.Equal([secondId, firstId], Ids(history["reviews"]!));
        var older = history["reviews"]![1]!;
        Assert.Equal((false, secondId, second["reviewedAt"]!.GetValue<DateTimeOffset>()), (older["current"]!.GetValue<bool>(),
            older["supersededBy"]!.GetValue<string>(), older["supersededAt"]!.GetValue<DateTimeOffset>()));
        var superseded = (await Api.Get($"/api/reviews/{firstId}", analyst.Key)).ShouldBe(200).Json;
        Assert.Equal(secondId, superseded["supersededBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task Review_rules_answer_422_naming_the_field()
    {
        var (_, analyst, programme) = await World();
        var url = $"/api/programmes/{programme}/reviews";
        var review = Review("support-if-improved", 3, 1, 2, 0, 2, 1);
        var criteria = (object[])review["criteria"]!;

        (await Api.Post(url, analyst.Key, review.With("criteria", criteria.Take(5).ToArray()))).ShouldRejectField("criteria");
        (await Api.Post(url, analyst.Key, review.With("criteria", criteria.Take(5).Append(criteria[0]).ToArray())))
            .ShouldRejectField("criteria[5].criterion");
        (await Api.Post(url, analyst.Key, review.With("criteria",
            criteria.Take(2).Append(new { criterion = Criteria[2], score = 4, rationale = "Too high" }).Concat(criteria.Skip(3)).ToArray())))
            .ShouldRejectField("criteria[2].score");
        (await Api.Post(url, analyst.Key, review.With("improvements", Array.Empty<string>()))).ShouldRejectField("improvements");
        (await Api.Post(url, analyst.Key, review.With("recommendation", "fund-it"))).ShouldRejectField("recommendation");
        (await Api.Post(url, analyst.Key, review.With("summary", new string('x', 2001)))).ShouldRejectField("summary");
        (await Api.Post(url, analyst.Key, review.With("improvements", Enumerable.Repeat("More practice", 5_000).ToArray())))
            .ShouldRejectField("improvements");
    }

    [Fact]
    public async Task The_report_shows_each_programme_with_the_review_standing_at_asOf_and_the_criteria_most_often_unmet()
    {
        var (provider, analyst, programme) = await World();
        var unreviewed = await Api.RegisterProgramme(provider.Key, Bodies.Programme("Remittances in household surveys"));
        var first = (await Api.Post($"/api/programmes/{programme}/reviews", analyst.Key, Review("not-now", 2, 0, 1, 0, 1, 2)))
            .ShouldBe(201).Json;
        (await Api.Post($"/api/programmes/{programme}/reviews", analyst.Key, Review("support", 3, 2, 3, 2, 2, 3))).ShouldBe(201);
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var now = (await Api.Get("/api/reports/reviews", analyst.Key)).ShouldBe(200).Json;
        Assert.Equal((2, 1, 1), (now["programmes"]!.GetValue<int>(), now["reviewed"]!.GetValue<int>(), now["unreviewed"]!.GetValue<int>()));
        var support = now["byRecommendation"]![0]!;
        Assert.Equal(("support", 1, programme, 2.5), (support["recommendation"]!.GetValue<string>(), support["programmes"]!.GetValue<int>(),
            support["items"]![0]!["programmeId"]!.GetValue<Guid>(), support["items"]![0]!["meanScore"]!.GetValue<double>()));
        Assert.Equal("UNFPA", support["items"]![0]!["provider"]!.GetValue<string>());
        // The standing review (3 2 3 2 2 3) scores nothing below 2: no criterion is unmet, so vocabulary order.
        Assert.Equal(Criteria, now["criteria"]!.AsArray().Select(c => c!["criterion"]!.GetValue<string>()));

        // Between the two reviews the first stands: not now, need and results unmet (0), learning and lasting partly (1).
        var asOf = Uri.EscapeDataString(first["reviewedAt"]!.GetValue<string>());
        var then = (await Api.Get($"/api/reports/reviews?asOf={asOf}", analyst.Key)).ShouldBe(200).Json;
        Assert.Equal([0, 0, 1], then["byRecommendation"]!.AsArray().Select(r => r!["programmes"]!.GetValue<int>()));
        Assert.Equal(first["id"]!.GetValue<Guid>(), then["byRecommendation"]![2]!["items"]![0]!["reviewId"]!.GetValue<Guid>());
        Assert.Equal(["designed-from-need", "learning-assessed", "results-followed-up", "lasting-capacity", "aligned-to-standards", "cost-known"],
            then["criteria"]!.AsArray().Select(c => c!["criterion"]!.GetValue<string>()));
        Assert.Equal(1.0, then["criteria"]![0]!["unmetShare"]!.GetValue<double>());
        Assert.NotEqual(unreviewed.Id, then["byRecommendation"]![2]!["items"]![0]!["programmeId"]!.GetValue<Guid>());

        var csv = (await Api.Get("/api/reports/reviews?format=csv", analyst.Key)).ShouldBe(200);
        Assert.StartsWith("text/csv", csv.ContentType);
        var lines = csv.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ProgrammeId,Title,Provider,Recommendation,ReviewedAt,AlignedToStandards,DesignedFromNeed,LearningAssessed,"
                     + "ResultsFollowedUp,LastingCapacity,CostKnown,MeanScore", lines[0].TrimEnd('\r'));
        Assert.Equal(2, lines.Length);
        (await Api.Get("/api/reports/reviews", provider.Key)).ShouldBe(403);
    }
}
