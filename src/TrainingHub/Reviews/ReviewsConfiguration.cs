using JasperFx.Events.Projections;
using Marten;

namespace TrainingHub.Reviews;

public static class ReviewsConfiguration
{
    public static StoreOptions ConfigureReviews(this StoreOptions options)
    {
        options.Projections.Snapshot<ProgrammeReview>(SnapshotLifecycle.Inline);
        // Inline: an analyst reads the review just recorded, and a review supersedes the previous one at once.
        options.Projections.Add<ProgrammeReviewsViewProjection>(ProjectionLifecycle.Inline);
        return options;
    }
}
