using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Enrolment;

public class AssessmentTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private async Task<(Provider Provider, Provider Partner, Guid Enrolment, Guid Trainee, Guid Waitlisted)> Enrolled()
    {
        var (provider, _, offeringId) = await Api.OpenOffering(capacity: 1);
        var partner = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        var first = (await Api.Enrol(partner.Key, offeringId, Bodies.Enrolment("a@x.org"))).Json;
        var second = (await Api.Enrol(partner.Key, offeringId, Bodies.Enrolment("b@x.org"))).Json;
        return (provider, partner, first["enrolmentId"]!.GetValue<Guid>(), first["traineeId"]!.GetValue<Guid>(),
            second["enrolmentId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task The_provider_records_pre_post_and_corrected_final_assessments()
    {
        var (provider, partner, enrolment, _, _) = await Enrolled();
        var url = $"/api/enrolments/{enrolment}/assessments";

        (await Api.Post(url, provider.Key, new { kind = "pre", score = 35 })).ShouldBe(201);
        (await Api.Post(url, provider.Key, new { kind = "pre", score = 40 })).ShouldBe(409);
        (await Api.Post(url, provider.Key, new
        {
            kind = "post", score = 70, standardScores = new Dictionary<string, int> { ["EGMS-CF-2021"] = 72 },
            assessedAt = "2026-01-05T10:00:00Z",
        })).ShouldBe(201);
        (await Api.Post(url, provider.Key, new { kind = "post", score = 71 })).ShouldBe(409);
        (await Api.Post(url, provider.Key, new { kind = "final", score = 55 })).ShouldBe(201);
        var corrected = await Api.Post(url, provider.Key, new { kind = "final", score = 65 });

        corrected.ShouldBe(201);
        Assert.Equal(4, corrected.Json["assessments"]!.AsArray().Count);
        Assert.Equal(35, corrected.Json["preScore"]!.GetValue<int>());
        Assert.Equal(70, corrected.Json["postScore"]!.GetValue<int>());
        Assert.Equal(65, corrected.Json["finalScore"]!.GetValue<int>());
        Assert.Equal(72, corrected.Json["assessments"]![1]!["standardScores"]!["EGMS-CF-2021"]!.GetValue<int>());
    }

    [Fact]
    public async Task Assessment_rules()
    {
        var (provider, partner, enrolment, _, waitlisted) = await Enrolled();
        var url = $"/api/enrolments/{enrolment}/assessments";

        (await Api.Post(url, provider.Key, new { kind = "mid", score = 50 })).ShouldRejectField("kind");
        (await Api.Post(url, provider.Key, new { kind = "pre", score = 101 })).ShouldRejectField("score");
        (await Api.Post(url, provider.Key, new { kind = "pre", score = 50, standardScores = new Dictionary<string, int> { ["NOPE"] = 50 } }))
            .ShouldRejectField("standardScores.NOPE");
        (await Api.Post($"/api/enrolments/{waitlisted}/assessments", provider.Key, new { kind = "pre", score = 50 })).ShouldBe(409);
        (await Api.Post(url, partner.Key, new { kind = "pre", score = 50 })).ShouldBe(403);
        var otherProvider = await Api.NewProvider("ILO");
        (await Api.Post(url, otherProvider.Key, new { kind = "pre", score = 50 })).ShouldBe(404);
    }

    [Fact]
    public async Task Passing_uses_the_latest_final_or_else_the_post_score_against_the_pass_mark()
    {
        var (provider, partner, enrolment, trainee, _) = await Enrolled();
        var assessments = $"/api/enrolments/{enrolment}/assessments";
        await Api.Post(assessments, provider.Key, new { kind = "post", score = 64 });

        var completed = await Api.Post($"/api/enrolments/{enrolment}/completion", provider.Key,
            new { outcome = "completed", certificateId = "CERT-2027-001" });
        completed.ShouldBe(200);
        Assert.True(completed.Json["passed"]!.GetValue<bool>());
        Assert.Equal(60, completed.Json["passMark"]!.GetValue<int>());

        await Api.Post(assessments, provider.Key, new { kind = "final", score = 58 });
        var afterCorrection = (await Api.Get($"/api/enrolments/{enrolment}", partner.Key)).Json["enrolment"]!;
        Assert.False(afterCorrection["passed"]!.GetValue<bool>());
        Assert.Equal("completed", afterCorrection["status"]!.GetValue<string>());

        (await Api.Post($"/api/enrolments/{enrolment}/completion", provider.Key, new { outcome = "completed" })).ShouldBe(409);
        (await Api.Post($"/api/enrolments/{enrolment}/withdraw", partner.Key, null)).ShouldBe(409);

        var transcript = await Api.Get($"/api/trainees/{trainee}/transcript", partner.Key);
        transcript.ShouldBe(200);
        var line = transcript.Json["enrolments"]![0]!;
        Assert.Equal("Measuring international migrant stocks and flows", line["programmeTitle"]!.GetValue<string>());
        Assert.Equal(58, line["finalScore"]!.GetValue<int>());
        Assert.Equal("CERT-2027-001", line["certificateId"]!.GetValue<string>());
        Assert.DoesNotContain("a@x.org", transcript.Body);
    }

    [Fact]
    public async Task Did_not_complete_is_not_a_pass_and_needs_no_certificate()
    {
        var (provider, _, enrolment, _, waitlisted) = await Enrolled();
        var url = $"/api/enrolments/{enrolment}/completion";

        (await Api.Post(url, provider.Key, new { outcome = "finished" })).ShouldRejectField("outcome");
        (await Api.Post(url, provider.Key, new { outcome = "did-not-complete", certificateId = "X" })).ShouldRejectField("certificateId");
        (await Api.Post($"/api/enrolments/{waitlisted}/completion", provider.Key, new { outcome = "completed" })).ShouldBe(409);

        var result = await Api.Post(url, provider.Key, new { outcome = "did-not-complete" });
        result.ShouldBe(200);
        Assert.False(result.Json["passed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Transcripts_are_for_the_trainees_partners_analysts_and_admin()
    {
        var (provider, partner, _, trainee, _) = await Enrolled();
        var analyst = await Api.NewOrganisationWithKey("Secretariat", Roles.Analyst);
        var stranger = await Api.NewOrganisationWithKey("Other portal", Roles.Partner);
        var url = $"/api/trainees/{trainee}/transcript";

        (await Api.Get(url, partner.Key)).ShouldBe(200);
        (await Api.Get(url, analyst.Key)).ShouldBe(200);
        (await Api.Get(url, Api.AdminKey)).ShouldBe(200);
        (await Api.Get(url, stranger.Key)).ShouldBe(404);
        (await Api.Get(url, provider.Key)).ShouldBe(404);
    }
}
