using System.Text.Json.Nodes;
using Marten;
using Marten.Events;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Enrolment;

public class EvaluationTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task Partners_record_reactions_and_follow_ups_that_effectiveness_counts_as_of_when_they_were_recorded()
    {
        var analyst = await Api.NewOrganisationWithKey("Task Force secretariat", Roles.Analyst);
        var partner = await Api.NewOrganisationWithKey("Partner portal", Roles.Partner);
        var other = await Api.NewOrganisationWithKey("Another portal", Roles.Partner);
        var (provider, programme, offering) = await Api.OpenOffering();
        var enrolled = (await Api.Enrol(partner.Key, offering, Bodies.Enrolment("aigerim@stat.example.kz"))).ShouldBe(201).Json;
        var enrolment = enrolled["enrolmentId"]!.GetValue<Guid>();
        var trainee = enrolled["traineeId"]!.GetValue<Guid>();
        var second = (await Api.Enrol(partner.Key, offering, Bodies.Enrolment("nurlan@stat.example.kz", "Nurlan"))).ShouldBe(201)
            .Json["enrolmentId"]!.GetValue<Guid>();
        var reaction = new { satisfaction = 5, relevance = 4, wouldRecommend = true };

        (await Api.Post($"/api/enrolments/{enrolment}/reaction", partner.Key, reaction)).ShouldBe(409);
        // The workshop took place: moved into the past, then its trainees completed.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        (await Api.Post($"/api/offerings/{offering}/reschedule", provider.Key, new
        {
            startDate = today.AddDays(-10).ToString("yyyy-MM-dd"), endDate = today.AddDays(-8).ToString("yyyy-MM-dd"),
            enrolmentOpensAt = (string?)null, enrolmentClosesAt = (string?)null,
        })).ShouldBe(200);
        (await Api.Post($"/api/enrolments/{enrolment}/follow-up", partner.Key,
            new { appliedAtWork = true, standardsUsed = new[] { "EGMS-CF-2021" }, practiceChanged = true })).ShouldBe(409);
        foreach (var id in new[] { enrolment, second })
            (await Api.Post($"/api/enrolments/{id}/completion", provider.Key, new { outcome = "completed" })).ShouldBe(200);

        (await Api.Post($"/api/enrolments/{enrolment}/reaction", other.Key, reaction)).ShouldBe(404);
        (await Api.Post($"/api/enrolments/{enrolment}/reaction", partner.Key, new { satisfaction = 6, relevance = 0 }))
            .ShouldRejectField("satisfaction").ShouldRejectField("relevance").ShouldRejectField("wouldRecommend");
        Assert.NotNull((await Api.Post($"/api/enrolments/{enrolment}/reaction", partner.Key, reaction)).ShouldBe(200)
            .Json["reactionRecordedAt"]);
        (await Api.Post($"/api/enrolments/{enrolment}/reaction", partner.Key, reaction)).ShouldBe(409);
        (await Api.Post($"/api/enrolments/{second}/reaction", partner.Key,
            new { satisfaction = 2, relevance = 3, wouldRecommend = false })).ShouldBe(200);

        // Follow-ups due: none 90 days on yet; both when the partner surveys at once.
        Assert.Equal(0, (await Api.Get("/api/partners/me/follow-ups", partner.Key)).ShouldBe(200).Json["total"]!.GetValue<int>());
        Assert.Equal(2, (await Api.Get("/api/partners/me/follow-ups?dueAfterDays=0", partner.Key)).Json["total"]!.GetValue<int>());
        Assert.Equal(0, (await Api.Get("/api/partners/me/follow-ups?dueAfterDays=0", other.Key)).Json["total"]!.GetValue<int>());
        (await Api.Get("/api/partners/me/follow-ups?dueAfterDays=1000", partner.Key)).ShouldRejectField("dueAfterDays");

        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        // An instant after the reactions and before the follow-up: the effectiveness report's freshness names the last
        // event its facts include.
        var beforeFollowUp = (await Api.Get("/api/reports/effectiveness", analyst.Key)).Json["freshness"]!["recordedAt"]!
            .GetValue<DateTimeOffset>();
        await Task.Delay(50);
        (await Api.Post($"/api/enrolments/{enrolment}/follow-up", partner.Key,
            new { appliedAtWork = true, standardsUsed = new[] { "EGMS-CF-2021", "PERSONAL" }, practiceChanged = true }))
            .ShouldRejectField("standardsUsed[1]");
        (await Api.Post($"/api/enrolments/{enrolment}/follow-up", partner.Key,
            new { appliedAtWork = true, standardsUsed = new[] { "EGMS-CF-2021" }, practiceChanged = true })).ShouldBe(200);
        (await Api.Post($"/api/enrolments/{enrolment}/follow-up", partner.Key,
            new { appliedAtWork = true, standardsUsed = Array.Empty<string>(), practiceChanged = false })).ShouldBe(409);
        Assert.Equal(1, (await Api.Get("/api/partners/me/follow-ups?dueAfterDays=0", partner.Key)).Json["total"]!.GetValue<int>());

        // Erasing the person removes the person, not the answers counted.
        (await Api.Delete($"/api/trainees/{trainee}", partner.Key)).ShouldBe(204);
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var now = Line(await Api.Get("/api/reports/effectiveness", analyst.Key));
        Assert.Equal((2, 3.5, 0.5, 1, 1.0, 0.5), (now["reactions"]!.GetValue<int>(), now["meanSatisfaction"]!.GetValue<double>(),
            now["recommendRate"]!.GetValue<double>(), now["followUps"]!.GetValue<int>(), now["appliedRate"]!.GetValue<double>(),
            now["followUpResponseRate"]!.GetValue<double>()));
        Assert.Equal(0, now["reported"]!["reactions"]!.GetValue<int>());
        var earlier = Line(await Api.Get($"/api/reports/effectiveness?asOf={Uri.EscapeDataString(beforeFollowUp.ToString("O"))}", analyst.Key));
        Assert.Equal((2, 0), (earlier["reactions"]!.GetValue<int>(), earlier["followUps"]!.GetValue<int>()));
        Assert.Null(earlier["appliedRate"]);
        var csv = (await Api.Get("/api/reports/effectiveness?format=csv", analyst.Key)).ShouldBe(200).Body;
        Assert.Contains("MeanSatisfaction", csv.Split('\n')[0]);
        _ = programme;
    }

    [Fact]
    public async Task A_provider_reports_anonymous_evaluation_totals_kept_apart_from_measured_answers()
    {
        var analyst = await Api.NewOrganisationWithKey("Task Force secretariat", Roles.Analyst);
        var (provider, _, offering) = await Api.OpenOffering();
        var url = $"/api/offerings/{offering}/evaluation-summary";
        var body = new
        {
            reaction = new { responses = 18, meanSatisfaction = 4.4m, meanRelevance = 4.1m, wouldRecommend = 16 },
            followUp = new { responses = 9, appliedAtWork = 6, practiceChanged = 3, standardsUsed = new Dictionary<string, int> { ["EGMS-CF-2021"] = 5 } },
        };
        (await Api.Post(url, provider.Key, new { reaction = new { responses = 0, meanSatisfaction = 7, wouldRecommend = 3 } }))
            .ShouldRejectField("reaction.responses").ShouldRejectField("reaction.meanSatisfaction");
        (await Api.Post(url, provider.Key, new { })).ShouldRejectField("reaction");
        (await Api.Post(url, provider.Key, new { followUp = new { responses = 2, appliedAtWork = 3, practiceChanged = 0 } }))
            .ShouldRejectField("followUp.appliedAtWork");
        (await Api.Post(url, analyst.Key, body)).ShouldBe(403);
        var recorded = (await Api.Post(url, provider.Key, body)).ShouldBe(200);
        Assert.Equal(18, recorded.Json["evaluationSummary"]!["reaction"]!["responses"]!.GetValue<int>());
        Assert.Null((await Api.Post(url, provider.Key, body)).ShouldBe(200).Headers.Get("Event-Position"));
        (await Api.Post($"/api/offerings/{offering}/reported-participation", provider.Key,
            new { participants = 20, female = 11, completed = 18, passed = 15 })).ShouldBe(200);

        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var line = Line(await Api.Get("/api/reports/effectiveness", analyst.Key));
        Assert.Equal((18, 4.4, 9, 0.6667, 0.5), (line["reactions"]!.GetValue<int>(), line["meanSatisfaction"]!.GetValue<double>(),
            line["followUps"]!.GetValue<int>(), line["appliedRate"]!.GetValue<double>(), line["followUpResponseRate"]!.GetValue<double>()));
        Assert.Equal((0, 18), (line["measured"]!["reactions"]!.GetValue<int>(), line["reported"]!["reactions"]!.GetValue<int>()));
        // Nothing of it in the open catalogue.
        Assert.DoesNotContain("evaluation", (await Api.Get($"/api/public/offerings/{offering}", key: null)).Body,
            StringComparison.OrdinalIgnoreCase);
    }

    private static JsonNode Line(Response report) => report.ShouldBe(200).Json["lines"]!.AsArray().Single()!["evaluation"]!;
}
