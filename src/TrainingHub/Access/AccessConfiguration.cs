using JasperFx.Events.Projections;
using Marten;

namespace TrainingHub.Access;

public static class AccessConfiguration
{
    public static StoreOptions ConfigureAccess(this StoreOptions options)
    {
        options.Projections.Snapshot<Organisation>(SnapshotLifecycle.Inline);
        options.Projections.Add<OrganisationViewProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<ApiKeyCredentialProjection>(ProjectionLifecycle.Inline);
        // The database, not a race between two requests, has the last word on duplicate codes.
        options.Schema.For<OrganisationView>().UniqueIndex(o => o.Code!);
        return options;
    }
}
