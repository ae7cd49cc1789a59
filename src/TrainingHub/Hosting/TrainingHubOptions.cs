namespace TrainingHub.Hosting;

public sealed class TrainingHubOptions
{
    public const string Section = "TrainingHub";

    /// <summary>Documented default for Development only; Production refuses to start without a configured key.</summary>
    public const string DevelopmentAdminApiKey = "dev-admin-key-change-me";

    public string? AdminApiKey { get; set; }

    /// <summary>Documented default for Development only: the key of the personal-data hashes (PersonalDataHasher).</summary>
    public const string DevelopmentPersonalDataKey = "dev-personal-data-key-change-me-0123456789";

    /// <summary>
    /// Secret key of the keyed hashes that stand in for e-mails and Idempotency-Keys in the database. Every node of one
    /// database needs the same key, and it must never change (a new key no longer finds the people already stored).
    /// </summary>
    public string? PersonalDataKey { get; set; }

    /// <summary>Load the demo catalogue when the database is empty (used by <c>./build.sh run</c>).</summary>
    public bool SeedDemoData { get; set; }

    public string SchemaName { get; set; } = "traininghub";

    /// <summary>
    /// HotCold (default): every node may run async projections, one at a time per projection (advisory lock).
    /// Disabled: this node only serves requests (e.g. a read/write node next to a dedicated projection node).
    /// </summary>
    public JasperFx.Events.Daemon.DaemonMode DaemonMode { get; set; } = JasperFx.Events.Daemon.DaemonMode.HotCold;
}
