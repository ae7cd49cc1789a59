using JasperFx.Events.Projections;
using Marten;

namespace TrainingHub.Enrolment;

public static class EnrolmentConfiguration
{
    public static StoreOptions ConfigureEnrolment(this StoreOptions options)
    {
        options.Projections.Snapshot<Trainee>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<PartnerTrainee>(SnapshotLifecycle.Inline);
        options.Projections.Add<EnrolmentViewProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<EnrolmentIdempotencyProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<PartnerFeedProjection>(ProjectionLifecycle.Async);

        // One person per e-mail: the database settles two partners registering the same address at once. The index
        // holds the keyed hash, so a unique-violation log line names no address.
        options.Schema.For<Trainee>().UniqueIndex(t => t.EmailKey!);
        options.Schema.For<PartnerTrainee>().Index(t => t.TraineeId);
        // One enrolment per partner and Idempotency-Key, whatever the offering.
        // Numeric revisions, as when aggregations built these: tables of an earlier version need no migration.
        options.Schema.For<EnrolmentIdempotency>().UseNumericRevisions(true).UniqueIndex(e => e.PartnerId, e => e.KeyHash);
        options.Schema.For<EnrolmentView>()
            .UseNumericRevisions(true)
            .Index(e => e.TraineeId)
            .Index(e => e.OfferingId);
        options.Schema.For<PartnerFeedEntry>().Index(f => f.PartnerId);

        // What erasure overwrites in place (see EraseTraineeEndpoint): a partner's record of the person, and, when
        // admin erases the person everywhere, the e-mail key that links a later enrolment to this person.
        options.Events.AddMaskingRuleForProtectedInformation<TraineeIdentified>(e => e with { EmailKey = null });
        options.Events.AddMaskingRuleForProtectedInformation<PartnerTraineeRegistered>(e => e with { Person = TraineePersonalData.Erased });
        options.Events.AddMaskingRuleForProtectedInformation<PartnerTraineeDetailsUpdated>(e => e with { Person = TraineePersonalData.Erased });
        options.Events.AddMaskingRuleForProtectedInformation<PartnerTraineeEnrolmentReferenced>(e => e with
        {
            PartnerReference = null,
            RequestHash = null,
        });
        options.Events.AddMaskingRuleForProtectedInformation<PartnerTraineeCertificateIssued>(e => e with { CertificateId = null });
        return options;
    }
}
