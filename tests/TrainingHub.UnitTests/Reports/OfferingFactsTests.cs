using JasperFx.Events;
using TrainingHub.Enrolment;
using TrainingHub.Offerings;
using TrainingHub.Reports;

namespace TrainingHub.UnitTests.Reports;

/// <summary>Given events of one offering, when folded into dated facts, then versions and their validity are right.</summary>
public class OfferingFactsTests
{
    private static readonly Guid OfferingId = Guid.NewGuid();
    private static readonly DateTimeOffset T0 = new(2026, 1, 10, 9, 0, 0, TimeSpan.Zero);

    private static IEvent At(int minutes, object data) =>
        new Event<object>(data) { StreamId = OfferingId, Timestamp = T0.AddMinutes(minutes) };

    private static TraineeEnrolled Enrolled(Guid enrolmentId, string status = EnrolmentStatus.Confirmed) =>
        new(OfferingId, enrolmentId, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Given.ProviderA, status,
            status == EnrolmentStatus.Waitlisted ? 1 : null, "female", "KAZ", "nso", Guid.NewGuid().ToString());

    private static (OfferingTimeline? Timeline, List<OfferingPastVersion> Superseded) Fold(params IEvent[] events)
    {
        var tally = new OfferingTally { Id = OfferingId };
        var figures = new Dictionary<Guid, EnrolmentFigures>();
        var superseded = new List<OfferingPastVersion>();
        OfferingTimeline? timeline = null;
        foreach (var e in events) timeline = OfferingFacts.Evolve(timeline, tally, figures, e, superseded);
        return (timeline, superseded);
    }

    private static readonly OfferingScheduled Scheduled = new(OfferingId, Guid.NewGuid(), Given.ProviderA,
        new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 5), "in-person", "KAZ", "ru", 2, null, null);

    [Fact]
    public void Each_later_event_supersedes_the_current_version_with_its_validity_range()
    {
        var first = Guid.NewGuid();
        var (timeline, superseded) = Fold(At(0, Scheduled), At(5, Enrolled(first)), At(9, new OfferingCapacityChanged(OfferingId, 3)));

        Assert.Equal(1, timeline!.Current.Confirmed);
        Assert.Equal(3, timeline.Current.Capacity);
        Assert.Equal(T0.AddMinutes(9), timeline.Current.From);
        Assert.Equal([(T0, T0.AddMinutes(5), 0), (T0.AddMinutes(5), T0.AddMinutes(9), 1)],
            superseded.Select(v => (v.ValidFrom, v.ValidTo, v.Version.Confirmed)));
        Assert.All(superseded, v => Assert.Equal(2, v.Version.Capacity));
    }

    [Fact]
    public void Events_recorded_in_the_same_instant_make_one_version()
    {
        var (timeline, superseded) = Fold(At(0, Scheduled), At(5, Enrolled(Guid.NewGuid())), At(5, Enrolled(Guid.NewGuid())),
            At(5, Enrolled(Guid.NewGuid(), EnrolmentStatus.Waitlisted)));

        Assert.Equal((2, 1), (timeline!.Current.Confirmed, timeline.Current.Waitlisted));
        Assert.Single(superseded);
    }

    [Fact]
    public void A_promotion_after_a_withdrawal_moves_the_seat_and_completions_count_passes()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), c = Guid.NewGuid();
        var (timeline, _) = Fold(At(0, Scheduled), At(1, Enrolled(a)), At(2, Enrolled(b)),
            At(3, Enrolled(c, EnrolmentStatus.Waitlisted)),
            At(4, new EnrolmentWithdrawn(OfferingId, a, Guid.NewGuid(), EnrolmentStatus.Confirmed)),
            At(4, new WaitlistedTraineePromoted(OfferingId, c, Guid.NewGuid())),
            At(8, new AssessmentRecorded(OfferingId, b, Guid.NewGuid(), AssessmentKind.Post, 80, new Dictionary<string, int>(), T0)),
            At(9, new EnrolmentCompleted(OfferingId, b, Guid.NewGuid(), EnrolmentStatus.Completed, 70)));

        var current = timeline!.Current;
        Assert.Equal((2, 0, 1, 1), (current.Confirmed, current.Waitlisted, current.Completed, current.Passed));
        Assert.Equal(["KAZ"], current.CompletedCountries);
    }

    [Fact]
    public void A_change_committed_after_a_later_started_one_counts_from_the_version_before_it()
    {
        // Timestamps are transaction starts: the enrolment stamped minute 3 waited for the lock and committed after
        // the one stamped minute 5, then minute 4 came. Seen with minute 5's version (the same instant), never before.
        var (timeline, superseded) = Fold(At(0, Scheduled), At(5, Enrolled(Guid.NewGuid())), At(3, Enrolled(Guid.NewGuid())),
            At(4, Enrolled(Guid.NewGuid(), EnrolmentStatus.Waitlisted)), At(9, new OfferingCapacityChanged(OfferingId, 5)));

        Assert.Equal([(T0, T0.AddMinutes(5), 0), (T0.AddMinutes(5), T0.AddMinutes(9), 2)],
            superseded.Select(v => (v.ValidFrom, v.ValidTo, v.Version.Confirmed)));
        Assert.Equal(superseded.Count, superseded.Select(v => v.Id).Distinct().Count());
        Assert.Equal((T0.AddMinutes(9), 2, 1), (timeline!.Current.From, timeline.Current.Confirmed, timeline.Current.Waitlisted));
    }

    [Fact]
    public void Events_before_the_schedule_is_seen_are_ignored()
    {
        var (timeline, superseded) = Fold(At(1, Enrolled(Guid.NewGuid())));

        Assert.Null(timeline);
        Assert.Empty(superseded);
    }

    [Fact]
    public void Standard_scores_come_from_the_latest_final_unless_it_has_none_and_gains_only_from_seat_holders()
    {
        Guid kept = Guid.NewGuid(), corrected = Guid.NewGuid(), withdrawn = Guid.NewGuid();
        AssessmentRecorded Assessed(Guid id, string kind, int score, Dictionary<string, int>? scores = null) =>
            new(OfferingId, id, Guid.Empty, kind, score, scores ?? [], T0);
        var (timeline, _) = Fold(At(0, Scheduled with { Capacity = 5 }),
            At(1, Enrolled(kept)), At(1, Enrolled(corrected)), At(1, Enrolled(withdrawn)),
            At(2, Assessed(kept, AssessmentKind.Post, 60, new() { ["EGMS-CF-2021"] = 60 })),
            // A final without standard scores: the post's standard scores still count.
            At(3, Assessed(kept, AssessmentKind.Final, 70)),
            At(4, Assessed(corrected, AssessmentKind.Post, 40, new() { ["EGMS-CF-2021"] = 40 })),
            At(5, Assessed(corrected, AssessmentKind.Final, 50, new() { ["EGMS-CF-2021"] = 50 })),
            At(6, Assessed(corrected, AssessmentKind.Final, 90, new() { ["EGMS-CF-2021"] = 90 })),
            At(7, Assessed(kept, AssessmentKind.Pre, 30)), At(7, Assessed(withdrawn, AssessmentKind.Pre, 10)),
            At(8, Assessed(withdrawn, AssessmentKind.Post, 90)),
            At(9, new EnrolmentWithdrawn(OfferingId, withdrawn, Guid.Empty, EnrolmentStatus.Confirmed)));

        var current = timeline!.Current;
        Assert.Equal(new ScoreTally(150, 2), current.StandardScores["EGMS-CF-2021"]);
        // Only the seat holder with both scores: 60 - 30; the withdrawn trainee's 80 is left out.
        Assert.Equal((30.0, 1), (current.GainSum, current.GainPairs));
    }

    [Fact]
    public void Running_sums_always_equal_a_recount_over_every_enrolment()
    {
        // Many enrolments and every kind of change, in a random order a real offering could see: after each event the
        // offering's figures equal a recount from scratch over the remembered figures of every enrolment.
        var random = new Random(20261202);
        var tally = new OfferingTally { Id = OfferingId };
        var figures = new Dictionary<Guid, EnrolmentFigures>();
        var superseded = new List<OfferingPastVersion>();
        var timeline = OfferingFacts.Evolve(null, tally, figures, At(0, Scheduled with { Capacity = 1000 }), superseded);
        var enrolments = new List<Guid>();
        string[] sexes = ["female", "male", "other"], countries = ["KAZ", "KGZ", "MEX"], types = ["nso", "ngo"];
        string[] standards = ["EGMS-CF-2021", "IRMS-2020", "ICLS-20-2018"];
        Dictionary<string, int> Scores() => standards.Where(_ => random.Next(2) == 0).ToDictionary(s => s, _ => random.Next(101));

        for (var minute = 1; minute <= 3000; minute++)
        {
            object data;
            var pick = enrolments.Count == 0 ? 0 : random.Next(8);
            var id = enrolments.Count == 0 ? Guid.Empty : enrolments[random.Next(enrolments.Count)];
            data = pick switch
            {
                0 or 1 => Enrolled(Guid.NewGuid(), random.Next(4) == 0 ? EnrolmentStatus.Waitlisted : EnrolmentStatus.Confirmed)
                    with { Sex = sexes[random.Next(3)], CountryOfResidence = countries[random.Next(3)], OrganisationType = types[random.Next(2)] },
                2 => new EnrolmentWithdrawn(OfferingId, id, Guid.Empty, EnrolmentStatus.Confirmed),
                3 => new WaitlistedTraineePromoted(OfferingId, id, Guid.Empty),
                4 => new EnrolmentCompleted(OfferingId, id, Guid.Empty,
                    random.Next(3) == 0 ? EnrolmentStatus.DidNotComplete : EnrolmentStatus.Completed, random.Next(2) == 0 ? 50 : null),
                _ => new AssessmentRecorded(OfferingId, id, Guid.Empty, AssessmentKind.All[random.Next(3)], random.Next(101),
                    Scores(), T0),
            };
            if (data is TraineeEnrolled enrolled) enrolments.Add(enrolled.EnrolmentId);
            timeline = OfferingFacts.Evolve(timeline, tally, figures, At(minute, data), superseded);

            var all = figures.Values.ToList();
            var seated = all.Where(f => EnrolmentStatus.HoldsSeat(f.Status)).ToList();
            var completed = all.Where(f => f.Status == EnrolmentStatus.Completed).ToList();
            var paired = seated.Where(f => f.Pre is not null && f.Post is not null).ToList();
            var v = timeline!.Current;
            Assert.Equal(seated.Count, v.Confirmed);
            Assert.Equal(all.Count(f => f.Status == EnrolmentStatus.Waitlisted), v.Waitlisted);
            Assert.Equal((completed.Count, completed.Count(f => f.Passed)), (v.Completed, v.Passed));
            Assert.Equal(completed.Select(f => f.Country).Distinct().Order(StringComparer.Ordinal), v.CompletedCountries);
            Assert.Equal(seated.GroupBy(f => f.Sex).ToDictionary(g => g.Key, g => g.Count()), v.SeatHoldersBySex);
            Assert.Equal(seated.GroupBy(f => f.OrganisationType).ToDictionary(g => g.Key, g => g.Count()),
                v.SeatHoldersByOrganisationType);
            Assert.Equal((paired.Sum(f => f.Post!.Value - f.Pre!.Value), paired.Count), ((int)v.GainSum, v.GainPairs));
            Assert.Equal(seated.SelectMany(f => f.StandardScores).GroupBy(s => s.Key)
                .ToDictionary(g => g.Key, g => new ScoreTally(g.Sum(s => s.Value), g.Count())), v.StandardScores);
        }
        Assert.True(enrolments.Count > 500);
    }
}
