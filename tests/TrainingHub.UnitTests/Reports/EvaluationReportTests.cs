using JasperFx.Events;
using TrainingHub.Enrolment;
using TrainingHub.Offerings;
using TrainingHub.Reference;
using TrainingHub.Reports;

namespace TrainingHub.UnitTests.Reports;

/// <summary>Participant evaluation in the dated facts and in the effectiveness report, on a hand-checked world.</summary>
public class EvaluationReportTests
{
    private static readonly ReferenceData Reference = ReferenceData.Current;
    private static readonly Guid OfferingId = Guid.NewGuid();
    private static readonly DateTimeOffset T0 = new(2026, 1, 10, 9, 0, 0, TimeSpan.Zero);

    private static IEvent At(int days, object data) =>
        new Event<object>(data) { StreamId = OfferingId, Timestamp = T0.AddDays(days) };

    private static readonly OfferingScheduled Scheduled = new(OfferingId, Guid.NewGuid(), Given.ProviderA,
        new DateOnly(2026, 1, 12), new DateOnly(2026, 1, 14), "in-person", "KAZ", "ru", 10, null, null);

    private static TraineeEnrolled Enrolled(Guid enrolmentId) =>
        new(OfferingId, enrolmentId, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Given.ProviderA,
            EnrolmentStatus.Confirmed, null, "female", "KAZ", "nso", Guid.NewGuid().ToString());

    private static ReactionRecorded Reaction(Guid enrolment, int satisfaction, bool recommend) =>
        new(OfferingId, enrolment, Guid.NewGuid(), satisfaction, 4, recommend);

    private static FollowUpRecorded FollowUp(Guid enrolment, bool applied, params string[] standards) =>
        new(OfferingId, enrolment, Guid.NewGuid(), applied, standards, PracticeChanged: applied);

    [Fact]
    public void A_follow_up_recorded_after_an_earlier_asOf_is_not_in_the_version_in_force_then()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var tally = new OfferingTally { Id = OfferingId };
        var figures = new Dictionary<Guid, EnrolmentFigures>();
        var superseded = new List<OfferingPastVersion>();
        OfferingTimeline? timeline = null;
        foreach (var e in new[]
                 {
                     At(0, Scheduled), At(1, Enrolled(a)), At(1, Enrolled(b)),
                     At(4, new EnrolmentCompleted(OfferingId, a, Guid.NewGuid(), EnrolmentStatus.Completed, null)),
                     At(4, new EnrolmentCompleted(OfferingId, b, Guid.NewGuid(), EnrolmentStatus.Completed, null)),
                     At(5, Reaction(a, 5, true)), At(5, Reaction(b, 2, false)),
                     At(100, FollowUp(a, true, "EGMS-CF-2021")),
                 })
            timeline = OfferingFacts.Evolve(timeline, tally, figures, e, superseded);

        var beforeFollowUp = superseded.Single(v => v.ValidFrom <= T0.AddDays(50) && T0.AddDays(50) < v.ValidTo).Version;
        Assert.Equal((2, 7, 1, 0), (beforeFollowUp.Evaluation!.Reactions, beforeFollowUp.Evaluation.SatisfactionSum,
            beforeFollowUp.Evaluation.WouldRecommend, beforeFollowUp.Evaluation.FollowUps));
        var now = timeline!.Current.Evaluation!;
        Assert.Equal((2, 1, 1, 1), (now.Reactions, now.FollowUps, now.Applied, now.StandardsUsed["EGMS-CF-2021"]));
        Assert.Equal(2, timeline.Current.Completed);
    }

    [Fact]
    public void Effectiveness_tells_measured_answers_from_providers_summaries_and_combines_them()
    {
        // Offering 1, tracked: 4 completed; reactions 5, 4, 3 (sum 12, 2 recommend); follow-ups: 2, 1 applied.
        // Offering 2, run outside: 20 reported completed; summary of 10 reactions, mean 4.5 (sum 45), 8 recommend;
        //   5 follow-ups, 4 applied, 2 practice changed.
        // Combined: 13 reactions, mean (12 + 45) / 13 = 4.3846 -> 4.38; recommend 10/13 = 0.7692; follow-ups 7,
        //   applied 5/7 = 0.7143; practice changed (1 + 2)/7 = 0.4286; response rate 7 / (4 + 20) = 0.2917.
        // Measured: mean 4, applied 1/2 = 0.5, response 2/4 = 0.5. Reported: mean 4.5, applied 0.8, response 5/20 = 0.25.
        var tracked = Offering(completed: 4, evaluation: new EvaluationFigures(3, 12, 11, 2, 2, 1, 1,
            new Dictionary<string, int> { ["EGMS-CF-2021"] = 2 }, null));
        var outside = Offering(completed: 0, reported: new ParticipationReported(Guid.NewGuid(), 22, 10, 20, 15),
            evaluation: EvaluationFigures.None with
            {
                Reported = new EvaluationSummaryReported(Guid.NewGuid(), new ReactionSummary(10, 4.5m, null, 8),
                    new FollowUpSummary(5, 4, 2, new Dictionary<string, int> { ["EGMS-CF-2021"] = 3, ["UN-RSIM-R1"] = 1 })),
            });
        var programme = ScopedProgramme.Of(Guid.NewGuid(), new ProgrammeVersion(T0, Given.ProviderA, "P", "intermediate",
            ["demography"], ["EGMS-CF-2021"], ["ECE"], false), Reference.Ordinals);
        ScopedOffering[] offerings =
        [
            ScopedOffering.Of(Guid.NewGuid(), Given.ProviderA, tracked, programme, Reference.Ordinals),
            ScopedOffering.Of(Guid.NewGuid(), Given.ProviderA, outside, programme, Reference.Ordinals),
        ];
        var data = new ScopedData(new ReportScope(T0.AddDays(200), new DateOnly(2025, 1, 1), new DateOnly(2027, 1, 1), null, null,
                null, null, null), new Freshness(0, null, 0, UpToDate: true), offerings,
            new Dictionary<Guid, ScopedProgramme> { [programme.Id] = programme }, new Dictionary<Guid, string>());

        var line = EffectivenessReportBuilder.WithBreakdowns(data, "programme", EffectivenessReportBuilder.Lines(data, "programme")).Single();
        var e = line.Evaluation;
        Assert.Equal((13, 4.38, 0.7692, 7, 0.7143, 0.4286, 0.2917),
            (e.Reactions, e.MeanSatisfaction, e.RecommendRate, e.FollowUps, e.AppliedRate, e.PracticeChangedRate, e.FollowUpResponseRate));
        Assert.Equal(new EvaluationPart(3, 4, 2, 1, 0.5, 0.5), e.Measured);
        Assert.Equal(new EvaluationPart(10, 4.5, 5, 4, 0.8, 0.25), e.Reported);
        Assert.Equal(new Dictionary<string, int> { ["EGMS-CF-2021"] = 5, ["UN-RSIM-R1"] = 1 }, line.StandardsUsed);
    }

    [Fact]
    public void Without_answers_a_response_rate_is_0_where_trainees_completed_and_unknown_where_none_did()
    {
        var programme = ScopedProgramme.Of(Guid.NewGuid(), new ProgrammeVersion(T0, Given.ProviderA, "P", "intermediate",
            ["demography"], ["EGMS-CF-2021"], ["ECE"], false), Reference.Ordinals);
        var data = new ScopedData(new ReportScope(T0.AddDays(200), new DateOnly(2025, 1, 1), new DateOnly(2027, 1, 1), null, null,
                null, null, null), new Freshness(0, null, 0, UpToDate: true),
            [ScopedOffering.Of(Guid.NewGuid(), Given.ProviderA, Offering(completed: 3, EvaluationFigures.None), programme, Reference.Ordinals)],
            new Dictionary<Guid, ScopedProgramme> { [programme.Id] = programme }, new Dictionary<Guid, string>());

        var evaluation = EffectivenessReportBuilder.Lines(data, "programme").Single().Evaluation;

        Assert.Equal(0, evaluation.Reactions);
        Assert.Null(evaluation.MeanSatisfaction);
        Assert.Equal(0, evaluation.FollowUpResponseRate);
        Assert.Equal(0, evaluation.Measured.FollowUpResponseRate);
        Assert.Null(evaluation.Reported.FollowUpResponseRate);
    }

    private static OfferingVersion Offering(int completed, EvaluationFigures evaluation, ParticipationReported? reported = null) =>
        new(T0, new DateOnly(2026, 1, 12), new DateOnly(2026, 1, 14), "in-person", "KAZ", "ru", 25, false, completed, 0,
            completed, 0, [], new Dictionary<string, int>(), new Dictionary<string, int>(), 0, 0,
            new Dictionary<string, ScoreTally>(), reported, null, evaluation);
}
