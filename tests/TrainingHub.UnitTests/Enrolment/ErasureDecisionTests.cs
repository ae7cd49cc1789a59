using TrainingHub.Access;
using TrainingHub.Enrolment;

namespace TrainingHub.UnitTests.Enrolment;

public class ErasureDecisionTests
{
    private static readonly Guid PartnerId = Guid.NewGuid();

    private static TrainingHub.Enrolment.Trainee Known() =>
        TrainingHub.Enrolment.Trainee.Create(new TraineeRegistered(Guid.NewGuid(),
                new TraineePersonalData("z@x.org", "Zhanar", "K.", "Agency"), "female", "KAZ", "ministry"))
            .Apply(new TraineeEnrolmentReferenced(Guid.Empty, Guid.NewGuid(), Guid.NewGuid(), PartnerId, "ref-1", "hash"));

    [Fact]
    public void Erasure_blanks_the_person_and_the_references()
    {
        var trainee = Known();
        var erased = Assert.IsType<TraineePersonalDataErased>(Assert.Single(EraseTrainee.Decide(trainee)));

        var after = trainee.Apply(erased);

        Assert.Equal(TraineePersonalData.Erased, after.Person);
        Assert.All(after.References, r => Assert.Equal((null, null), (r.PartnerReference, r.RequestHash)));
        Assert.Equal(("female", "KAZ", "ministry"), (after.Sex, after.CountryOfResidence, after.OrganisationType));
        Assert.Empty(EraseTrainee.Decide(after));
    }

    [Fact]
    public void Only_enrolling_partners_and_admin_may_erase()
    {
        var trainee = Known();
        EraseTrainee.Validate(trainee, trainee.Id, new Caller(PartnerId, Roles.Partner, Guid.Empty)).ShouldBeNone();
        EraseTrainee.Validate(trainee, trainee.Id, Given.Admin).ShouldBeNone();
        EraseTrainee.Validate(trainee, trainee.Id, new Caller(Guid.NewGuid(), Roles.Partner, Guid.Empty)).ShouldHaveStatus(404);
        EraseTrainee.Validate(null, Guid.NewGuid(), Given.Admin).ShouldHaveStatus(404);
    }
}
