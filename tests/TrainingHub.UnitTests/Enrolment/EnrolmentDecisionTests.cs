using TrainingHub.Catalogue;
using TrainingHub.Enrolment;
using TrainingHub.Offerings;
using TrainingHub.Reference;
using static TrainingHub.UnitTests.Given;

namespace TrainingHub.UnitTests.Enrolment;

public class EnrolmentDecisionTests
{
    private static readonly Guid PartnerA = Guid.Parse("0000000c-0000-0000-0000-00000000000a");
    private static readonly Guid PartnerB = Guid.Parse("0000000c-0000-0000-0000-00000000000b");
    private static readonly EnrolTrainee.Hashes Hashes = new("email-key", "key-hash", "request-hash");
    private static readonly DateTimeOffset Now = new(2027, 1, 15, 9, 0, 0, TimeSpan.Zero);

    private static EnrolTrainee Command(string email = "a.b@stat.gov.kz") => new(
        new TraineeInput(email, "Aigerim", "B.", "female", "KAZ", "Bureau of National Statistics", "nso"), "portal-7781");

    private static TraineeEnrolled Enrolled(int n, string status, int? position = null) =>
        new(OfferingId, Guid.Parse($"00000000-0000-0000-0000-{n:D12}"), Guid.Parse($"10000000-0000-0000-0000-{n:D12}"),
            PartnerA, ProgrammeId, ProviderA, status, position, "male", "KGZ", "ministry", $"key-{n}");

    private static Offering OfferingWith(int capacity, params object[] events) =>
        Offering([OfferingScheduledByA() with { Capacity = capacity }, .. events]);

    private static SeatWorld SeatsWith(int capacity, params object[] events) =>
        Seats([OfferingScheduledByA() with { Capacity = capacity }, .. events]);

    private static Guid EnrolmentNo(int n) => Guid.Parse($"00000000-0000-0000-0000-{n:D12}");

    /// <summary>An enrolment decided and appended: its events follow the world's, numbered as the stream numbers them.</summary>
    private static (SeatWorld World, EnrolmentReceipt Receipt) EnrolInto(SeatWorld world)
    {
        var decision = Enrol(world.Offering);
        return (world.Then([.. decision.OfferingEvents]), decision.Receipt);
    }

    private static EnrolTrainee.Decision Enrol(Offering offering, TrainingHub.Enrolment.Trainee? person = null,
        PartnerTrainee? record = null, Guid? partner = null) =>
        EnrolTrainee.Decide(Command(), offering, person, record, partner ?? PartnerA, Hashes, Guid.NewGuid(), Guid.NewGuid());

    private static readonly TrainingHub.Enrolment.Trainee KnownPerson =
        TrainingHub.Enrolment.Trainee.Create(new TraineeIdentified(Guid.NewGuid(), "email-key"));

    private static PartnerTrainee RecordOf(Guid partner, string organisation) =>
        PartnerTrainee.Create(new PartnerTraineeRegistered(PartnerTrainee.IdFor(KnownPerson.Id, partner), KnownPerson.Id,
            partner, new TraineePersonalData("a.b@stat.gov.kz", "Aigerim", "B.", organisation), "female", "KAZ", "nso"));

    [Fact]
    public void A_free_seat_confirms_and_registers_the_new_trainee()
    {
        var decision = Enrol(OfferingWith(2));

        var enrolled = Assert.IsType<TraineeEnrolled>(Assert.Single(decision.OfferingEvents));
        Assert.Equal(EnrolmentStatus.Confirmed, enrolled.Status);
        Assert.Null(enrolled.WaitlistPosition);
        Assert.Equal(("female", "KAZ", "nso"), (enrolled.Sex, enrolled.CountryOfResidence, enrolled.OrganisationType));
        Assert.Equal(new TraineeIdentified(decision.TraineeId, "email-key"), Assert.Single(decision.TraineeEvents));
        Assert.True(decision.NewPartnerTrainee);
        Assert.Equal(PartnerTrainee.IdFor(decision.TraineeId, PartnerA), decision.PartnerTraineeId);
        var registered = Assert.IsType<PartnerTraineeRegistered>(decision.PartnerTraineeEvents[0]);
        Assert.Equal("a.b@stat.gov.kz", registered.Person.Email);
        var referenced = Assert.IsType<PartnerTraineeEnrolmentReferenced>(decision.PartnerTraineeEvents[1]);
        Assert.Equal(("portal-7781", "request-hash"), (referenced.PartnerReference, referenced.RequestHash));
        Assert.Equal("key-hash", enrolled.IdempotencyKeyHash);
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
    public void A_known_person_is_reused_and_the_partner_s_changed_details_are_recorded_on_its_own_record()
    {
        var decision = Enrol(OfferingWith(5), KnownPerson, RecordOf(PartnerA, "Old employer"));

        Assert.Empty(decision.TraineeEvents);
        Assert.Equal(KnownPerson.Id, decision.TraineeId);
        Assert.False(decision.NewPartnerTrainee);
        var updated = Assert.IsType<PartnerTraineeDetailsUpdated>(decision.PartnerTraineeEvents[0]);
        Assert.Equal(PartnerTrainee.IdFor(KnownPerson.Id, PartnerA), updated.PartnerTraineeId);
        Assert.Equal("Bureau of National Statistics", updated.Person.Organisation);
    }

    [Fact]
    public void Another_partner_enrolling_the_same_person_starts_its_own_record_and_touches_no_other()
    {
        // Partner B enrols a person partner A already knows: the person is counted once, B's details are B's own.
        var decision = Enrol(OfferingWith(5), KnownPerson, record: null, partner: PartnerB);

        Assert.Equal(KnownPerson.Id, decision.TraineeId);
        Assert.Empty(decision.TraineeEvents);
        Assert.True(decision.NewPartnerTrainee);
        Assert.Equal(PartnerTrainee.IdFor(KnownPerson.Id, PartnerB), decision.PartnerTraineeId);
        Assert.NotEqual(PartnerTrainee.IdFor(KnownPerson.Id, PartnerA), decision.PartnerTraineeId);
        Assert.All(decision.PartnerTraineeEvents, e => Assert.Equal(decision.PartnerTraineeId,
            (Guid)e.GetType().GetProperty("PartnerTraineeId")!.GetValue(e)!));
    }

    [Fact]
    public void Identical_details_record_nothing_new_but_details_after_an_erasure_are_recorded_again()
    {
        var record = RecordOf(PartnerA, "Bureau of National Statistics");
        Assert.IsType<PartnerTraineeEnrolmentReferenced>(Assert.Single(Enrol(OfferingWith(5), KnownPerson, record).PartnerTraineeEvents));

        var erased = record.Apply(new PartnerTraineeErased(record.Id));
        Assert.IsType<PartnerTraineeDetailsUpdated>(Enrol(OfferingWith(5), KnownPerson, erased).PartnerTraineeEvents[0]);
    }

    [Fact]
    public void A_partner_cannot_hold_two_live_enrolments_of_one_trainee_in_one_offering()
    {
        // Whether the partner holds one is read by index (LiveEnrolment); the decision is told.
        EnrolTrainee.CheckOffering(OfferingWith(5), partnerHoldsLiveEnrolment: true, Now).ShouldHaveStatus(409);
        EnrolTrainee.CheckOffering(OfferingWith(5), partnerHoldsLiveEnrolment: false, Now).ShouldBeNone();

        // Live means waitlisted, confirmed or finished: withdrawn and cancelled enrolments leave the index.
        var world = SeatsWith(5, Enrolled(1, EnrolmentStatus.Waitlisted, 1), Enrolled(2, EnrolmentStatus.Confirmed));
        Assert.Equal([EnrolmentNo(1), EnrolmentNo(2)], world.Live.Keys.Order());
        var after = world.Then(new EnrolmentWithdrawn(OfferingId, EnrolmentNo(1), PartnerA, EnrolmentStatus.Waitlisted),
            new EnrolmentCompleted(OfferingId, EnrolmentNo(2), PartnerA, EnrolmentStatus.Completed, null));
        Assert.Equal([EnrolmentNo(2)], after.Live.Keys);
        Assert.Equal(EnrolmentStatus.Completed, after.Live[EnrolmentNo(2)].Status);
    }

    [Fact]
    public void A_replay_repeats_the_first_answer_unless_the_request_differs_or_the_person_was_erased()
    {
        var reference = new PartnerTraineeReference(Guid.NewGuid(), OfferingId, "ref", "request-hash", null, false);

        EnrolTrainee.CheckReplay(reference, "request-hash").ShouldBeNone();
        EnrolTrainee.CheckReplay(reference, "other-hash").ShouldRejectField(EnrolTrainee.IdempotencyHeader);
        var erased = EnrolTrainee.CheckReplay(reference with { RequestHash = null, Erased = true }, "request-hash");
        erased.ShouldHaveStatus(409);
        Assert.Contains("erased", erased.Detail);
    }

    [Fact]
    public void Enrolment_happens_only_inside_the_window_of_a_scheduled_offering()
    {
        var offering = OfferingWith(5);
        EnrolTrainee.CheckOffering(offering, false, Now).ShouldBeNone();
        EnrolTrainee.CheckOffering(offering, false, ValidOffering().EnrolmentOpensAt!.Value.AddSeconds(-1)).ShouldHaveStatus(409);
        EnrolTrainee.CheckOffering(offering, false, ValidOffering().EnrolmentClosesAt!.Value).ShouldHaveStatus(409);
        EnrolTrainee.CheckOffering(offering.Apply(new OfferingCancelled(OfferingId, "x")), false, Now).ShouldHaveStatus(409);
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
        var hasher = PersonalDataHasher.FromSecret(new string('k', 32));
        var a = hasher.Request(OfferingId, Command());
        Assert.Equal(a, hasher.Request(OfferingId, Command()));
        Assert.NotEqual(a, hasher.Request(Guid.NewGuid(), Command()));
        Assert.NotEqual(a, hasher.Request(OfferingId, Command("other@x.org")));
    }

    [Fact]
    public void Keyed_hashes_stand_in_for_e_mails_and_idempotency_keys()
    {
        var hasher = PersonalDataHasher.FromSecret(new string('k', 32));
        var key = hasher.EmailKey("  A.B@Stat.gov.kz ");

        Assert.Equal(key, hasher.EmailKey("a.b@stat.gov.kz"));
        Assert.DoesNotContain("stat", key);
        // Another secret gives other hashes: without the key, a guessed address cannot be tested.
        Assert.NotEqual(key, PersonalDataHasher.FromSecret(new string('j', 32)).EmailKey("a.b@stat.gov.kz"));
        // Idempotency keys are scoped to the partner.
        Assert.NotEqual(hasher.IdempotencyKey(PartnerA, "a.b@stat.gov.kz"), hasher.IdempotencyKey(PartnerB, "a.b@stat.gov.kz"));
        Assert.DoesNotContain("stat", hasher.IdempotencyKey(PartnerA, "a.b@stat.gov.kz"));
    }

    [Fact]
    public void Withdrawing_a_confirmed_seat_promotes_the_head_of_the_waitlist()
    {
        var world = SeatsWith(1, Enrolled(1, EnrolmentStatus.Confirmed), Enrolled(2, EnrolmentStatus.Waitlisted, 1),
            Enrolled(3, EnrolmentStatus.Waitlisted, 2));

        Assert.Equal([new EnrolmentWithdrawn(OfferingId, EnrolmentNo(1), PartnerA, EnrolmentStatus.Confirmed),
                new WaitlistedTraineePromoted(OfferingId, EnrolmentNo(2), PartnerA)],
            WithdrawEnrolment.Decide(world.Offering, world.Views[EnrolmentNo(1)], world.WaitlistHead(1)));
    }

    [Fact]
    public void Withdrawing_from_the_waitlist_closes_the_gap()
    {
        var world = SeatsWith(1, Enrolled(1, EnrolmentStatus.Confirmed), Enrolled(2, EnrolmentStatus.Waitlisted, 1),
            Enrolled(3, EnrolmentStatus.Waitlisted, 2));

        var events = WithdrawEnrolment.Decide(world.Offering, world.Views[EnrolmentNo(2)], world.WaitlistHead(1));
        var after = world.Then([.. events]);

        Assert.IsType<EnrolmentWithdrawn>(Assert.Single(events));
        Assert.Equal([EnrolmentNo(3)], after.WaitlistOrder());
        Assert.Equal((1, 1), (after.Offering.Confirmed, after.Offering.Waitlisted));
    }

    [Fact]
    public void Only_live_enrolments_of_the_enrolling_partner_are_withdrawn()
    {
        var world = SeatsWith(1, Enrolled(1, EnrolmentStatus.Confirmed));
        var partnerA = new TrainingHub.Access.Caller(PartnerA, TrainingHub.Access.Roles.Partner, Guid.Empty);
        var partnerB = new TrainingHub.Access.Caller(Guid.NewGuid(), TrainingHub.Access.Roles.Partner, Guid.Empty);

        WithdrawEnrolment.Validate(world.Views[EnrolmentNo(1)], partnerA).ShouldBeNone();
        WithdrawEnrolment.Validate(world.Views[EnrolmentNo(1)], partnerB).ShouldHaveStatus(403);
        var withdrawn = world.Then(new EnrolmentWithdrawn(OfferingId, EnrolmentNo(1), PartnerA, EnrolmentStatus.Confirmed));
        WithdrawEnrolment.Validate(withdrawn.Views[EnrolmentNo(1)], partnerA).ShouldHaveStatus(409);
    }

    [Fact]
    public void Raising_capacity_promotes_and_lowering_below_taken_seats_is_refused()
    {
        var world = SeatsWith(1, Enrolled(1, EnrolmentStatus.Confirmed), Enrolled(2, EnrolmentStatus.Waitlisted, 1),
            Enrolled(3, EnrolmentStatus.Waitlisted, 2), Enrolled(4, EnrolmentStatus.Waitlisted, 3));

        var events = ChangeOfferingCapacity.Decide(new ChangeOfferingCapacity(3), world.Offering, world.WaitlistHead(2));

        Assert.Equal(new OfferingCapacityChanged(OfferingId, 3), events[0]);
        Assert.Equal([EnrolmentNo(2), EnrolmentNo(3)], events.OfType<WaitlistedTraineePromoted>().Select(p => p.EnrolmentId));
        var after = world.Then([.. events]);
        Assert.Equal((3, 1), (after.Offering.SeatsTaken(), after.Offering.Waitlisted));
        Assert.Equal([EnrolmentNo(4)], after.WaitlistOrder());
        var two = OfferingWith(2, Enrolled(1, EnrolmentStatus.Confirmed), Enrolled(2, EnrolmentStatus.Confirmed));
        ChangeOfferingCapacity.Validate(new ChangeOfferingCapacity(1), two, OfferingId, CallerA).ShouldHaveStatus(409);
        ChangeOfferingCapacity.Validate(new ChangeOfferingCapacity(2), two, OfferingId, CallerA).ShouldBeNone();
    }

    [Fact]
    public void Cancelling_the_offering_cancels_its_live_enrolments_with_the_reason()
    {
        var world = SeatsWith(1, Enrolled(1, EnrolmentStatus.Confirmed), Enrolled(2, EnrolmentStatus.Waitlisted, 1),
            Enrolled(3, EnrolmentStatus.Confirmed));
        world = world.Then(new EnrolmentWithdrawn(OfferingId, EnrolmentNo(3), PartnerA, EnrolmentStatus.Confirmed));

        var events = CancelOffering.Decide(new CancelOffering("Venue flooded"), world.Offering, [.. world.Live.Values]);

        Assert.Equal(new OfferingCancelled(OfferingId, "Venue flooded"), events[0]);
        Assert.Equal([EnrolmentNo(1), EnrolmentNo(2)], events.OfType<EnrolmentCancelled>().Select(c => c.EnrolmentId).Order());
        Assert.All(events.OfType<EnrolmentCancelled>(), c => Assert.Equal("Venue flooded", c.Reason));
        var after = world.Then([.. events]);
        Assert.Equal((0, 0), (after.Offering.SeatsTaken(), after.Offering.Waitlisted));
        Assert.Empty(after.Live);
    }

    [Fact]
    public void A_waitlisted_enrolment_gets_the_ticket_of_its_place_in_the_stream_and_positions_stay_first_come_first_served()
    {
        var world = SeatsWith(1);
        var receipts = new List<EnrolmentReceipt>();
        for (var i = 0; i < 4; i++)
        {
            (world, var receipt) = EnrolInto(world);
            receipts.Add(receipt);
        }

        Assert.Equal([null, 1, 2, 3], receipts.Select(r => r.WaitlistPosition));
        // Each WaitlistJoined names the version its TraineeEnrolled got: the same number a rebuild reads from the event.
        var joined = world.AllEvents.OfType<WaitlistJoined>().ToList();
        Assert.All(joined, j => Assert.IsType<TraineeEnrolled>(world.AllEvents[(int)j.Ticket - 1]));
        Assert.Equal(receipts.Skip(1).Select(r => r.EnrolmentId), world.WaitlistOrder());

        // The second in line leaves; the first confirmed leaves: the head is promoted, the last is now first.
        var (second, third) = (receipts[2].EnrolmentId, receipts[3].EnrolmentId);
        world = world.Then(new EnrolmentWithdrawn(OfferingId, second, PartnerA, EnrolmentStatus.Waitlisted));
        world = world.Then([.. WithdrawEnrolment.Decide(world.Offering, world.Views[receipts[0].EnrolmentId], world.WaitlistHead(1))]);
        Assert.Equal(EnrolmentStatus.Confirmed, world.Views[receipts[1].EnrolmentId].Status);
        Assert.Equal([third], world.WaitlistOrder());
        Assert.Equal((1, 0, 1), (world.Offering.Confirmed, world.Offering.Finished, world.Offering.Waitlisted));
        (_, var next) = EnrolInto(world);
        Assert.Equal(2, next.WaitlistPosition);
    }

    [Fact]
    public void Seat_counts_come_from_the_events_already_stored()
    {
        // Events of streams written before the counts existed: the snapshot, rebuilt, counts them the same way.
        var offering = OfferingWith(2, Enrolled(1, EnrolmentStatus.Confirmed), Enrolled(2, EnrolmentStatus.Confirmed),
            Enrolled(3, EnrolmentStatus.Waitlisted, 1), Enrolled(4, EnrolmentStatus.Waitlisted, 2),
            new EnrolmentCompleted(OfferingId, EnrolmentNo(1), PartnerA, EnrolmentStatus.DidNotComplete, null),
            new EnrolmentWithdrawn(OfferingId, EnrolmentNo(2), PartnerA, EnrolmentStatus.Confirmed),
            new WaitlistedTraineePromoted(OfferingId, EnrolmentNo(3), PartnerA),
            new EnrolmentWithdrawn(OfferingId, EnrolmentNo(4), PartnerA, EnrolmentStatus.Waitlisted));

        Assert.Equal((1, 1, 0, 2), (offering.Confirmed, offering.Finished, offering.Waitlisted, offering.SeatsTaken()));
        Assert.Equal(0, offering.FreeSeats(offering.Capacity));
    }
}
