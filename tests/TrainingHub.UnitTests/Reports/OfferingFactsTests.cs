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
        var superseded = new List<OfferingPastVersion>();
        OfferingTimeline? timeline = null;
        foreach (var e in events) timeline = OfferingFacts.Evolve(timeline, tally, e, superseded);
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
}
