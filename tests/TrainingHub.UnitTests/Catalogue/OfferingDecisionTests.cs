using TrainingHub.Catalogue;
using TrainingHub.Offerings;
using TrainingHub.Reference;
using static TrainingHub.UnitTests.Given;

namespace TrainingHub.UnitTests.Catalogue;

public class OfferingDecisionTests
{
    private static readonly ReferenceData Reference = ReferenceData.Current;
    private static readonly Programme ProgrammeOfA = Programme(ProgrammeRegisteredByA());

    private static Microsoft.AspNetCore.Mvc.ProblemDetails Schedule(ScheduleOffering command) =>
        ScheduleOffering.Validate(command, ProgrammeOfA, ProgrammeId, CallerA, Reference);

    [Fact]
    public void A_valid_offering_is_scheduled_for_the_programmes_provider()
    {
        Schedule(ValidOffering()).ShouldBeNone();

        var scheduled = ScheduleOffering.Decide(ValidOffering(), ProgrammeOfA, OfferingId);

        Assert.Equal(new OfferingScheduled(OfferingId, ProgrammeId, ProviderA, new DateOnly(2027, 3, 1),
            new DateOnly(2027, 3, 5), "in-person", "KAZ", "ru", 30, ValidOffering().EnrolmentOpensAt,
            ValidOffering().EnrolmentClosesAt), scheduled);
    }

    [Fact]
    public void Offerings_may_lie_in_the_past_because_mapping_records_delivered_training() =>
        Schedule(ValidOffering() with
        {
            StartDate = new DateOnly(2013, 10, 1), EndDate = new DateOnly(2013, 10, 3),
            EnrolmentOpensAt = null, EnrolmentClosesAt = null,
        }).ShouldBeNone();

    [Fact]
    public void End_date_may_not_precede_start_date() =>
        Schedule(ValidOffering() with { EndDate = new DateOnly(2027, 2, 28) }).ShouldRejectField("endDate");

    [Fact]
    public void A_one_day_offering_is_fine() =>
        Schedule(ValidOffering() with { EndDate = new DateOnly(2027, 3, 1) }).ShouldBeNone();

    [Fact]
    public void Enrolment_must_close_before_the_offering_ends() =>
        Schedule(ValidOffering() with { EnrolmentClosesAt = new DateTimeOffset(2027, 3, 6, 0, 0, 0, TimeSpan.Zero) })
            .ShouldRejectField("enrolmentClosesAt");

    [Fact]
    public void Enrolment_must_open_before_it_closes() =>
        Schedule(ValidOffering() with { EnrolmentOpensAt = new DateTimeOffset(2027, 2, 21, 0, 0, 0, TimeSpan.Zero) })
            .ShouldRejectField("enrolmentClosesAt");

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public void Capacity_is_between_1_and_10000(int capacity) =>
        Schedule(ValidOffering() with { Capacity = capacity }).ShouldRejectField("capacity");

    [Theory]
    [InlineData(1)]
    [InlineData(10_000)]
    public void Capacity_bounds_are_inclusive(int capacity) =>
        Schedule(ValidOffering() with { Capacity = capacity }).ShouldBeNone();

    [Fact]
    public void In_person_offerings_need_a_venue_country() =>
        Schedule(ValidOffering() with { VenueCountry = null }).ShouldRejectField("venueCountry");

    [Fact]
    public void Online_offerings_have_no_venue_country() =>
        Schedule(ValidOffering() with { DeliveryMode = "online" }).ShouldRejectField("venueCountry");

    [Fact]
    public void Unknown_venue_country_is_rejected() =>
        Schedule(ValidOffering() with { VenueCountry = "XKX" }).ShouldRejectField("venueCountry");

    [Fact]
    public void The_language_must_be_one_of_the_programmes_languages() =>
        Schedule(ValidOffering() with { Language = "fr" }).ShouldRejectField("language");

    [Fact]
    public void Another_provider_may_not_schedule_under_the_programme() =>
        ScheduleOffering.Validate(ValidOffering(), ProgrammeOfA, ProgrammeId, CallerB, Reference).ShouldHaveStatus(403);

    [Fact]
    public void A_retired_programme_takes_no_new_offerings() =>
        ScheduleOffering.Validate(ValidOffering(), Programme(ProgrammeRegisteredByA(), new ProgrammeRetired(ProgrammeId, null)),
            ProgrammeId, CallerA, Reference).ShouldHaveStatus(409);

    [Fact]
    public void Rescheduling_records_new_dates()
    {
        var offering = Offering(OfferingScheduledByA());
        var command = new RescheduleOffering(new DateOnly(2027, 4, 1), new DateOnly(2027, 4, 5), null, null);

        RescheduleOffering.Validate(command, offering, OfferingId, CallerA).ShouldBeNone();
        Assert.Equal([new OfferingRescheduled(OfferingId, new DateOnly(2027, 4, 1), new DateOnly(2027, 4, 5), null, null)],
            RescheduleOffering.Decide(command, offering));
    }

    [Fact]
    public void Rescheduling_to_the_same_dates_records_nothing()
    {
        var offering = Offering(OfferingScheduledByA());
        var same = new RescheduleOffering(offering.StartDate, offering.EndDate, offering.EnrolmentOpensAt,
            offering.EnrolmentClosesAt);

        Assert.Empty(RescheduleOffering.Decide(same, offering));
    }

    [Fact]
    public void A_cancelled_offering_cannot_be_rescheduled() =>
        RescheduleOffering.Validate(new RescheduleOffering(new DateOnly(2027, 4, 1), new DateOnly(2027, 4, 5), null, null),
                Offering(OfferingScheduledByA(), new OfferingCancelled(OfferingId, "no funding")), OfferingId, CallerA)
            .ShouldHaveStatus(409);

    [Fact]
    public void Changing_capacity_records_the_new_capacity()
    {
        var offering = Offering(OfferingScheduledByA());

        Assert.Equal([new OfferingCapacityChanged(OfferingId, 45)],
            ChangeOfferingCapacity.Decide(new ChangeOfferingCapacity(45), offering, []));
        Assert.Empty(ChangeOfferingCapacity.Decide(new ChangeOfferingCapacity(30), offering, []));
    }

    [Fact]
    public void Capacity_changes_follow_the_same_bounds() =>
        ChangeOfferingCapacity.Validate(new ChangeOfferingCapacity(0), Offering(OfferingScheduledByA()), OfferingId, CallerA)
            .ShouldRejectField("capacity");

    [Fact]
    public void Another_provider_may_not_change_the_offering() =>
        ChangeOfferingCapacity.Validate(new ChangeOfferingCapacity(40), Offering(OfferingScheduledByA()), OfferingId, CallerB)
            .ShouldHaveStatus(403);

    [Fact]
    public void Cancelling_needs_a_reason() =>
        CancelOffering.Validate(new CancelOffering(" "), Offering(OfferingScheduledByA()), OfferingId, CallerA)
            .ShouldRejectField("reason");

    [Fact]
    public void Cancelling_records_the_reason() =>
        Assert.Equal([new OfferingCancelled(OfferingId, "venue unavailable")],
            CancelOffering.Decide(new CancelOffering(" venue unavailable "), Offering(OfferingScheduledByA()), []));

    [Fact]
    public void A_cancelled_offering_cannot_be_cancelled_again() =>
        CancelOffering.Validate(new CancelOffering("again"),
                Offering(OfferingScheduledByA(), new OfferingCancelled(OfferingId, "no funding")), OfferingId, CallerA)
            .ShouldHaveStatus(409);

    [Fact]
    public void Without_an_explicit_close_enrolment_closes_when_the_offering_starts() =>
        Assert.Equal(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero),
            TrainingHub.Offerings.Offering.EffectiveClose(new DateOnly(2027, 3, 1), null));
}
