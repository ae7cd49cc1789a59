using JasperFx.Events.Projections;
using Marten;

namespace TrainingHub.Offerings;

public static class OfferingsConfiguration
{
    public static StoreOptions ConfigureOfferings(this StoreOptions options)
    {
        // Inline: every seat decision reads them under the offering's lock.
        options.Projections.Snapshot<Offering>(SnapshotLifecycle.Inline);
        options.Projections.Add<LiveEnrolmentProjection>(ProjectionLifecycle.Inline);
        // The head of one offering's queue, a position (a count of tickets up to one's own) and a cancellation's
        // targets, by index; and a person's live enrolments, whatever the offering.
        options.Schema.For<LiveEnrolment>()
            // A numeric revision, as when an aggregation built it: the table of an earlier version needs no migration.
            .UseNumericRevisions(true)
            .Index(l => new { l.OfferingId, l.Status, l.Ticket })
            .Index(l => l.TraineeId);
        return options;
    }
}
