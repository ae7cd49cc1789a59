using JasperFx.Events.Projections;
using Marten;

namespace TrainingHub.Enrolment;

public static class EnrolmentConfiguration
{
    public static StoreOptions ConfigureEnrolment(this StoreOptions options)
    {
        options.Projections.Snapshot<Trainee>(SnapshotLifecycle.Inline);
        options.Projections.Add<EnrolmentViewProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<PartnerFeedProjection>(ProjectionLifecycle.Async);

        // One person, one trainee: the database settles two partners registering the same e-mail at once.
        options.Schema.For<Trainee>().UniqueIndex(t => t.Person.Email!);
        // One enrolment per partner and Idempotency-Key, whatever the offering.
        options.Schema.For<EnrolmentView>()
            .UniqueIndex(e => e.PartnerId, e => e.IdempotencyKey)
            .Index(e => e.TraineeId)
            .Index(e => e.OfferingId);
        options.Schema.For<PartnerFeedEntry>().Index(f => f.PartnerId);

        // What erasure overwrites in the trainee's stream (see EraseTraineeEndpoint).
        options.Events.AddMaskingRuleForProtectedInformation<TraineeRegistered>(e => e with { Person = TraineePersonalData.Erased });
        options.Events.AddMaskingRuleForProtectedInformation<TraineeDetailsUpdated>(e => e with { Person = TraineePersonalData.Erased });
        options.Events.AddMaskingRuleForProtectedInformation<TraineeEnrolmentReferenced>(e => e with
        {
            PartnerReference = null,
            RequestHash = null,
        });
        return options;
    }
}
