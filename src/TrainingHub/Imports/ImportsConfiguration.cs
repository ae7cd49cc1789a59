using JasperFx.Events.Projections;
using Marten;

namespace TrainingHub.Imports;

public static class ImportsConfiguration
{
    public static StoreOptions ConfigureImports(this StoreOptions options)
    {
        options.Projections.Snapshot<ImportJob>(SnapshotLifecycle.Inline);
        return options;
    }
}
