using TrainingHub.Enrolment;
using TrainingHub.Offerings;
using TrainingHub.Reference;
using static TrainingHub.UnitTests.Given;

namespace TrainingHub.UnitTests.Enrolment;

public class AssessmentDecisionTests
{
    private static readonly Guid Partner = Guid.NewGuid();
    private static readonly Guid EnrolmentId = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2027, 3, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid TraineeId = Guid.NewGuid();

    /// <summary>The enrolment's view after the events, as the command reads it under the offering's lock.</summary>
    private static EnrolmentView With(string status, params object[] more) => Seats([OfferingScheduledByA(),
        new TraineeEnrolled(OfferingId, EnrolmentId, TraineeId, Partner, ProgrammeId, ProviderA, status,
            status == EnrolmentStatus.Waitlisted ? 1 : null, "female", "KAZ", "nso", "k"), .. more]).Views[EnrolmentId];

    private static AssessmentRecorded Assessed(string kind, int score) =>
        new(OfferingId, EnrolmentId, Partner, kind, score, new Dictionary<string, int>(), Now);

    [Fact]
    public void Confirmed_trainees_are_assessed_by_the_provider()
    {
        var command = new RecordAssessment("pre", 40, new() { ["EGMS-CF-2021"] = 45 }, null);
        var view = With(EnrolmentStatus.Confirmed);

        RecordAssessment.CheckEnrolment(command, view, CallerA).ShouldBeNone();
        var recorded = RecordAssessment.Decide(command, view, Now);
        Assert.Equal(("pre", 40, Now, Partner), (recorded.Kind, recorded.Score, recorded.AssessedAt, recorded.PartnerId));
        Assert.Equal(45, recorded.StandardScores["EGMS-CF-2021"]);
    }

    [Fact]
    public void At_most_one_pre_and_one_post_but_finals_may_be_corrected()
    {
        var view = With(EnrolmentStatus.Confirmed, Assessed("pre", 40), Assessed("post", 60), Assessed("final", 50));
        RecordAssessment.CheckEnrolment(new("pre", 41, null, null), view, CallerA).ShouldHaveStatus(409);
        RecordAssessment.CheckEnrolment(new("post", 61, null, null), view, CallerA).ShouldHaveStatus(409);
        RecordAssessment.CheckEnrolment(new("final", 70, null, null), view, CallerA).ShouldBeNone();
    }

    [Fact]
    public void Waitlisted_withdrawn_and_cancelled_enrolments_are_not_assessed()
    {
        RecordAssessment.CheckEnrolment(new("pre", 1, null, null), With(EnrolmentStatus.Waitlisted), CallerA).ShouldHaveStatus(409);
        RecordAssessment.CheckEnrolment(new("pre", 1, null, null),
            With(EnrolmentStatus.Confirmed, new EnrolmentWithdrawn(OfferingId, EnrolmentId, Partner, "confirmed")), CallerA).ShouldHaveStatus(409);
    }

    [Fact]
    public void Other_providers_and_partners_do_not_assess() =>
        RecordAssessment.CheckEnrolment(new("pre", 1, null, null), With(EnrolmentStatus.Confirmed), CallerB).ShouldHaveStatus(403);

    [Fact]
    public void Scores_and_standards_are_checked()
    {
        var reference = ReferenceData.Current;
        RecordAssessment.Validate(new("mid", 50, null, null), reference, Now).ShouldRejectField("kind");
        RecordAssessment.Validate(new("pre", 101, null, null), reference, Now).ShouldRejectField("score");
        RecordAssessment.Validate(new("pre", 50, new() { ["XX"] = 50 }, null), reference, Now).ShouldRejectField("standardScores.XX");
        RecordAssessment.Validate(new("pre", 50, new() { ["EGMS-CF-2021"] = -1 }, null), reference, Now)
            .ShouldRejectField("standardScores.EGMS-CF-2021");
        RecordAssessment.Validate(new("pre", 50, null, Now.AddDays(3)), reference, Now).ShouldRejectField("assessedAt");
    }

    [Fact]
    public void Completion_is_recorded_once_for_a_confirmed_trainee_with_the_pass_mark()
    {
        var view = With(EnrolmentStatus.Confirmed);
        RecordCompletion.CheckEnrolment(view, CallerA).ShouldBeNone();

        var completed = RecordCompletion.Decide(new("completed", " C-1 "), view, 60);

        Assert.Equal(new EnrolmentCompleted(OfferingId, EnrolmentId, Partner, "completed", 60), completed);
        // The certificate id (free text) goes to the enrolling partner's record of the person, where erasure masks it.
        var certificate = RecordCompletion.DecideCertificate(new("completed", " C-1 "), view)!;
        Assert.Equal("C-1", certificate.CertificateId);
        Assert.Equal(PartnerTrainee.IdFor(TraineeId, Partner), certificate.PartnerTraineeId);
        Assert.Null(RecordCompletion.DecideCertificate(new("completed", null), view));
        RecordCompletion.CheckEnrolment(With(EnrolmentStatus.Confirmed, completed), CallerA).ShouldHaveStatus(409);
        RecordCompletion.Validate(new("done", null)).ShouldRejectField("outcome");
    }

    [Theory]
    [InlineData(null, 64, 60, true)]
    [InlineData(58, 64, 60, false)]
    [InlineData(72, 40, 60, true)]
    [InlineData(null, null, 60, null)]
    [InlineData(null, 90, null, null)]
    public void Passed_is_the_latest_final_or_else_the_post_score_against_the_pass_mark(int? final, int? post, int? passMark,
        bool? passed)
    {
        var view = new EnrolmentView { Outcome = "completed", PassMark = passMark };
        if (post is { } p) view.Assessments.Add(new AssessmentEntry("post", p, new Dictionary<string, int>(), Now, Now));
        if (final is { } f)
        {
            view.Assessments.Add(new AssessmentEntry("final", 10, new Dictionary<string, int>(), Now, Now));
            view.Assessments.Add(new AssessmentEntry("final", f, new Dictionary<string, int>(), Now, Now));
        }


        Assert.Equal(passed, view.Passed);
    }

    [Fact]
    public void Did_not_complete_never_passes()
    {
        var view = new EnrolmentView { Outcome = "did-not-complete", PassMark = 10 };
        view.Assessments.Add(new AssessmentEntry("final", 95, new Dictionary<string, int>(), Now, Now));
        Assert.False(view.Passed);
    }
}
