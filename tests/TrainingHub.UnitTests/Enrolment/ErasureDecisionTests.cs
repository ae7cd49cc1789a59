using TrainingHub.Access;
using TrainingHub.Enrolment;

namespace TrainingHub.UnitTests.Enrolment;

public class ErasureDecisionTests
{
    private static readonly Guid PartnerA = Guid.NewGuid();
    private static readonly Guid PartnerB = Guid.NewGuid();
    private static readonly Caller CallerA = new(PartnerA, Roles.Partner, Guid.Empty);
    private static readonly Caller CallerB = new(PartnerB, Roles.Partner, Guid.Empty);

    private static readonly TrainingHub.Enrolment.Trainee Person =
        TrainingHub.Enrolment.Trainee.Create(new TraineeIdentified(Guid.NewGuid(), "email-key"));

    private static PartnerTrainee RecordOf(Guid partner, string givenName)
    {
        var id = PartnerTrainee.IdFor(Person.Id, partner);
        return PartnerTrainee.Create(new PartnerTraineeRegistered(id, Person.Id, partner,
                new TraineePersonalData("z@x.org", givenName, "K.", "Agency"), "female", "KAZ", "ministry"))
            .Apply(new PartnerTraineeEnrolmentReferenced(id, Guid.NewGuid(), Guid.NewGuid(), "ref-1", "hash"))
            .Apply(new PartnerTraineeCertificateIssued(id, Guid.Empty, "C-1"));
    }

    [Fact]
    public void A_partner_s_erasure_blanks_its_own_record_and_leaves_the_other_partner_s()
    {
        IReadOnlyList<PartnerTrainee> records = [RecordOf(PartnerA, "Zhanar"), RecordOf(PartnerB, "Made-up")];

        var (stream, e) = Assert.Single(EraseTrainee.Decide(Person, records, CallerB));

        Assert.Equal(records[1].Id, stream);
        var after = records[1].Apply((PartnerTraineeErased)e);
        Assert.Equal(TraineePersonalData.Erased, after.Person);
        Assert.All(after.References, r => Assert.Equal((null, null, null, true),
            (r.PartnerReference, r.RequestHash, r.CertificateId, r.Erased)));
        Assert.Equal(("female", "KAZ", "ministry"), (after.Sex, after.CountryOfResidence, after.OrganisationType));
        Assert.Equal([records[1].Id], EraseTrainee.StreamsToMask(Person, records, CallerB));
        Assert.Empty(EraseTrainee.Decide(Person, [records[0], after], CallerB));
    }

    [Fact]
    public void Admin_erases_the_person_everywhere()
    {
        IReadOnlyList<PartnerTrainee> records = [RecordOf(PartnerA, "Zhanar"), RecordOf(PartnerB, "Made-up")];

        var events = EraseTrainee.Decide(Person, records, Given.Admin);

        Assert.Equal([records[0].Id, records[1].Id, Person.Id], events.Select(e => e.StreamId));
        Assert.IsType<TraineeErased>(events[2].Event);
        Assert.Null(Person.Apply(new TraineeErased(Person.Id)).EmailKey);
        Assert.Equal([records[0].Id, records[1].Id, Person.Id], EraseTrainee.StreamsToMask(Person, records, Given.Admin));
    }

    [Fact]
    public void Only_partners_that_enrolled_the_person_and_admin_may_erase()
    {
        IReadOnlyList<PartnerTrainee> records = [RecordOf(PartnerA, "Zhanar")];
        EraseTrainee.Validate(Person, records, Person.Id, CallerA).ShouldBeNone();
        EraseTrainee.Validate(Person, records, Person.Id, Given.Admin).ShouldBeNone();
        EraseTrainee.Validate(Person, records, Person.Id, CallerB).ShouldHaveStatus(404);
        EraseTrainee.Validate(null, [], Guid.NewGuid(), Given.Admin).ShouldHaveStatus(404);
    }

    [Fact]
    public void A_partner_sees_only_the_record_it_supplied()
    {
        IReadOnlyList<PartnerTrainee> records = [RecordOf(PartnerA, "Zhanar"), RecordOf(PartnerB, "Made-up")];
        Assert.Equal("Zhanar", Assert.Single(records.VisibleTo(CallerA)).Person.GivenName);
        Assert.Equal("Made-up", Assert.Single(records.VisibleTo(CallerB)).Person.GivenName);
        Assert.Empty(records.VisibleTo(new Caller(Guid.NewGuid(), Roles.Partner, Guid.Empty)));
        Assert.Equal(2, records.VisibleTo(Given.Admin).Count);
    }
}
