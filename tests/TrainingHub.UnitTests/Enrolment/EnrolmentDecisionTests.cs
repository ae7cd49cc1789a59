using TrainingHub.Catalogue;
using TrainingHub.Enrolment;
using TrainingHub.Reference;
using static TrainingHub.UnitTests.Given;

namespace TrainingHub.UnitTests.Enrolment;

public class EnrolmentDecisionTests
{
    private static readonly Guid PartnerA = Guid.Parse("0000000c-0000-0000-0000-00000000000a");
    private static readonly DateTimeOffset Now = new(2027, 1, 15, 9, 0, 0, TimeSpan.Zero);

    private static EnrolTrainee Command(string email = "a.b@stat.gov.kz") => new(
        new TraineeInput(email, "Aigerim", "B.", "female", "KAZ", "Bureau of National Statistics", "nso"), "portal-7781");

    private static TraineeEnrolled Enrolled(int n, string status, int? position = null) =>
        new(OfferingId, Guid.Parse($"00000000-0000-0000-0000-{n:D12}"), Guid.Parse($"10000000-0000-0000-0000-{n:D12}"),
            PartnerA, ProgrammeId, ProviderA, status, position, "male", "KGZ", "ministry", $"key-{n}");

    private static Offering OfferingWith(int capacity, params object[] events) =>
        Offering([OfferingScheduledByA() with { Capacity = capacity }, .. events]);

    private static EnrolTrainee.Decision Enrol(Offering offering, TrainingHub.Enrolment.Trainee? trainee = null) =>
        EnrolTrainee.Decide(Command(), offering, trainee, PartnerA, "key", "hash", Guid.NewGuid(), Guid.NewGuid());

    [Fact]
    public void A_free_seat_confirms_and_registers_the_new_trainee()
    {
        var decision = Enrol(OfferingWith(2));

        var enrolled = Assert.IsType<TraineeEnrolled>(Assert.Single(decision.OfferingEvents));
        Assert.Equal(EnrolmentStatus.Confirmed, enrolled.Status);
        Assert.Null(enrolled.WaitlistPosition);
        Assert.Equal(("female", "KAZ", "nso"), (enrolled.Sex, enrolled.CountryOfResidence, enrolled.OrganisationType));
        Assert.True(decision.NewTrainee);
        var registered = Assert.IsType<TraineeRegistered>(decision.TraineeEvents[0]);
        Assert.Equal("a.b@stat.gov.kz", registered.Person.Email);
        Assert.IsType<TraineeEnrolmentReferenced>(decision.TraineeEvents[1]);
    }

    [Fact]
    public void Enrolment_events_carry_no_personal_data()
    {
        var enrolled = (TraineeEnrolled)Enrol(OfferingWith(2)).OfferingEvents[0];
        var json = System.Text.Json.JsonSerializer.Serialize(enrolled);
        Assert.DoesNotContain("a.b@stat.gov.kz", json);
        Assert.DoesNotContain("Aigerim", json);
        Assert.DoesNotContain("portal-7781", json);
        Assert.DoesNotContain("Bureau", json);
    }

    [Fact]
    public void When_seats_are_taken_the_trainee_joins_the_end_of_the_waitlist()
    {
        var offering = OfferingWith(1, Enrolled(1, EnrolmentStatus.Confirmed), Enrolled(2, EnrolmentStatus.Waitlisted, 1));

        var receipt = Enrol(offering).Receipt;

        Assert.Equal(EnrolmentStatus.Waitlisted, receipt.Status);
        Assert.Equal(2, receipt.WaitlistPosition);
    }

    [Fact]
    public void A_known_trainee_is_reused_and_changed_details_are_recorded()
    {
        var trainee = TrainingHub.Enrolment.Trainee.Create(new TraineeRegistered(Guid.NewGuid(),
            new TraineePersonalData("a.b@stat.gov.kz", "Aigerim", "B.", "Old employer"), "female", "KAZ", "nso"));

        var decision = Enrol(OfferingWith(5), trainee);

        Assert.False(decision.NewTrainee);
        Assert.Equal(trainee.Id, decision.TraineeId);
        var updated = Assert.IsType<TraineeDetailsUpdated>(decision.TraineeEvents[0]);
        Assert.Equal("Bureau of National Statistics", updated.Person.Organisation);
    }

    [Fact]
    public void The_same_trainee_cannot_hold_two_live_enrolments_in_one_offering()
    {
        var offering = OfferingWith(5, Enrolled(1, EnrolmentStatus.Waitlisted, 1));
        var traineeId = offering.Enrolments[0].TraineeId;

        EnrolTrainee.CheckOffering(offering, traineeId, Now).ShouldHaveStatus(409);
        EnrolTrainee.CheckOffering(Offering([.. new object[] { OfferingScheduledByA(), Enrolled(1, EnrolmentStatus.Confirmed),
            new EnrolmentWithdrawn(OfferingId, offering.Enrolments[0].EnrolmentId, PartnerA, EnrolmentStatus.Confirmed) }]),
            traineeId, Now).ShouldBeNone();
    }

    [Fact]
    public void Enrolment_happens_only_inside_the_window_of_a_scheduled_offering()
    {
        var offering = OfferingWith(5);
        EnrolTrainee.CheckOffering(offering, null, Now).ShouldBeNone();
        EnrolTrainee.CheckOffering(offering, null, ValidOffering().EnrolmentOpensAt!.Value.AddSeconds(-1)).ShouldHaveStatus(409);
        EnrolTrainee.CheckOffering(offering, null, ValidOffering().EnrolmentClosesAt!.Value).ShouldHaveStatus(409);
        EnrolTrainee.CheckOffering(offering.Apply(new OfferingCancelled(OfferingId, "x")), null, Now).ShouldHaveStatus(409);
    }

    [Fact]
    public void Enrolment_requests_are_validated()
    {
        var reference = ReferenceData.Current;
        EnrolTrainee.Validate(Command(), "key-1", reference).ShouldBeNone();
        EnrolTrainee.Validate(Command(), null, reference).ShouldHaveStatus(400);
        EnrolTrainee.Validate(Command("nope"), "k", reference).ShouldRejectField("trainee.email");
        EnrolTrainee.Validate(new EnrolTrainee(null, null), "k", reference).ShouldRejectField("trainee");
        EnrolTrainee.Validate(Command() with { Trainee = Command().Trainee! with { Sex = "x" } }, "k", reference)
            .ShouldRejectField("trainee.sex");
        EnrolTrainee.Validate(Command() with { Trainee = Command().Trainee! with { OrganisationType = "club" } }, "k", reference)
            .ShouldRejectField("trainee.organisationType");
    }

    [Fact]
    public void The_request_hash_depends_on_the_body_and_the_offering()
    {
        var a = EnrolTrainee.RequestHash(OfferingId, Command());
        Assert.Equal(a, EnrolTrainee.RequestHash(OfferingId, Command()));
        Assert.NotEqual(a, EnrolTrainee.RequestHash(Guid.NewGuid(), Command()));
        Assert.NotEqual(a, EnrolTrainee.RequestHash(OfferingId, Command("other@x.org")));
    }

    [Fact]
    public void Withdrawing_a_confirmed_seat_promotes_the_head_of_the_waitlist()
    {
        var offering = OfferingWith(1, Enrolled(1, EnrolmentStatus.Confirmed), Enrolled(2, EnrolmentStatus.Waitlisted, 1),
            Enrolled(3, EnrolmentStatus.Waitlisted, 2));
        var (first, second) = (offering.Enrolments[0].EnrolmentId, offering.Enrolments[1].EnrolmentId);

        Assert.Equal([new EnrolmentWithdrawn(OfferingId, first, PartnerA, EnrolmentStatus.Confirmed),
            new WaitlistedTraineePromoted(OfferingId, second, PartnerA)], WithdrawEnrolment.Decide(offering, first));
    }

    [Fact]
    public void Withdrawing_from_the_waitlist_closes_the_gap()
    {
        var offering = OfferingWith(1, Enrolled(1, EnrolmentStatus.Confirmed), Enrolled(2, EnrolmentStatus.Waitlisted, 1),
            Enrolled(3, EnrolmentStatus.Waitlisted, 2));
        var second = offering.Enrolments[1].EnrolmentId;

        var events = WithdrawEnrolment.Decide(offering, second);
        var after = offering.Apply((EnrolmentWithdrawn)Assert.Single(events));

        Assert.Equal(1, after.WaitlistPosition(offering.Enrolments[2].EnrolmentId));
    }

    [Fact]
    public void Only_live_enrolments_of_the_enrolling_partner_are_withdrawn()
    {
        var offering = OfferingWith(1, Enrolled(1, EnrolmentStatus.Confirmed));
        var view = new EnrolmentView { Id = offering.Enrolments[0].EnrolmentId, PartnerId = PartnerA, ProviderId = ProviderA };
        var partnerA = new TrainingHub.Access.Caller(PartnerA, TrainingHub.Access.Roles.Partner, Guid.Empty);
        var partnerB = new TrainingHub.Access.Caller(Guid.NewGuid(), TrainingHub.Access.Roles.Partner, Guid.Empty);

        WithdrawEnrolment.Validate(view, offering, partnerA).ShouldBeNone();
        WithdrawEnrolment.Validate(view, offering, partnerB).ShouldHaveStatus(403);
        var withdrawn = offering.Apply(new EnrolmentWithdrawn(OfferingId, view.Id, PartnerA, EnrolmentStatus.Confirmed));
        WithdrawEnrolment.Validate(view, withdrawn, partnerA).ShouldHaveStatus(409);
    }

    [Fact]
    public void Raising_capacity_promotes_and_lowering_below_taken_seats_is_refused()
    {
        var offering = OfferingWith(1, Enrolled(1, EnrolmentStatus.Confirmed), Enrolled(2, EnrolmentStatus.Waitlisted, 1),
            Enrolled(3, EnrolmentStatus.Waitlisted, 2), Enrolled(4, EnrolmentStatus.Waitlisted, 3));

        var events = ChangeOfferingCapacity.Decide(new ChangeOfferingCapacity(3), offering);

        Assert.Equal(new OfferingCapacityChanged(OfferingId, 3), events[0]);
        Assert.Equal([offering.Enrolments[1].EnrolmentId, offering.Enrolments[2].EnrolmentId],
            events.OfType<WaitlistedTraineePromoted>().Select(p => p.EnrolmentId));
        var two = OfferingWith(2, Enrolled(1, EnrolmentStatus.Confirmed), Enrolled(2, EnrolmentStatus.Confirmed));
        ChangeOfferingCapacity.Validate(new ChangeOfferingCapacity(1), two, OfferingId, CallerA).ShouldHaveStatus(409);
        ChangeOfferingCapacity.Validate(new ChangeOfferingCapacity(2), two, OfferingId, CallerA).ShouldBeNone();
    }

    [Fact]
    public void Cancelling_the_offering_cancels_its_live_enrolments_with_the_reason()
    {
        var offering = OfferingWith(1, Enrolled(1, EnrolmentStatus.Confirmed), Enrolled(2, EnrolmentStatus.Waitlisted, 1),
            Enrolled(3, EnrolmentStatus.Confirmed));
        offering = offering.Apply(new EnrolmentWithdrawn(OfferingId, offering.Enrolments[2].EnrolmentId, PartnerA, EnrolmentStatus.Confirmed));

        var events = CancelOffering.Decide(new CancelOffering("Venue flooded"), offering);

        Assert.Equal(new OfferingCancelled(OfferingId, "Venue flooded"), events[0]);
        Assert.Equal([offering.Enrolments[0].EnrolmentId, offering.Enrolments[1].EnrolmentId],
            events.OfType<EnrolmentCancelled>().Select(c => c.EnrolmentId));
        Assert.All(events.OfType<EnrolmentCancelled>(), c => Assert.Equal("Venue flooded", c.Reason));
    }
}
