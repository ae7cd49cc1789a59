using JasperFx.Events.Projections;
using Marten;

namespace TrainingHub.Catalogue;

public static class CatalogueConfiguration
{
    public static StoreOptions ConfigureCatalogue(this StoreOptions options)
    {
        options.Projections.Snapshot<Programme>(SnapshotLifecycle.Inline);
        // Inline: a provider reads its own write at once (201 then GET, list right after register).
        options.Projections.Add<ProgrammeViewProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<OfferingViewProjection>(ProjectionLifecycle.Inline);

        options.Schema.For<ProgrammeView>()
            .Index(p => p.ProviderId)
            .Index(p => p.Title)
            .GinIndexJsonData();
        options.Schema.For<OfferingView>()
            .Index(o => o.ProgrammeId)
            .Index(o => o.StartDate)
            .GinIndexJsonData();
        return options;
    }
}
