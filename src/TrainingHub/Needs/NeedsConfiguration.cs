using JasperFx.Events.Projections;
using Marten;

namespace TrainingHub.Needs;

public static class NeedsConfiguration
{
    public static StoreOptions ConfigureNeeds(this StoreOptions options)
    {
        options.Projections.Snapshot<TrainingNeed>(SnapshotLifecycle.Inline);
        // Inline: a country reads its own write at once.
        options.Projections.Add<TrainingNeedViewProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<TrainingNeedView>().Index(n => n.Country).GinIndexJsonData();
        return options;
    }
}
