using JasperFx.Events.Projections;
using Marten;

namespace TrainingHub.Editions;

public static class EditionsConfiguration
{
    public static StoreOptions ConfigureEditions(this StoreOptions options)
    {
        options.Projections.Snapshot<MappingEdition>(SnapshotLifecycle.Inline);
        // Inline: the analyst downloads the edition right after publishing it.
        options.Projections.Add<EditionViewProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<EditionView>().Index(e => e.PublishedAt);
        return options;
    }
}
