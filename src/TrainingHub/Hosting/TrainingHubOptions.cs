namespace TrainingHub.Hosting;

public sealed class TrainingHubOptions
{
    public const string Section = "TrainingHub";

    /// <summary>Documented default for Development only; Production refuses to start without a configured key.</summary>
    public const string DevelopmentAdminApiKey = "dev-admin-key-change-me";

    public string? AdminApiKey { get; set; }

    /// <summary>Load the demo catalogue when the database is empty (used by <c>./build.sh run</c>).</summary>
    public bool SeedDemoData { get; set; }

    public string SchemaName { get; set; } = "traininghub";

    /// <summary>
    /// HotCold (default): every node may run async projections, one at a time per projection (advisory lock).
    /// Disabled: this node only serves requests (e.g. a read/write node next to a dedicated projection node).
    /// </summary>
    public JasperFx.Events.Daemon.DaemonMode DaemonMode { get; set; } = JasperFx.Events.Daemon.DaemonMode.HotCold;
}
