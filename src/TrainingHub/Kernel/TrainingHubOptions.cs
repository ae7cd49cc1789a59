namespace TrainingHub.Kernel;

public sealed class TrainingHubOptions
{
    public const string Section = "TrainingHub";

    /// <summary>Documented default for Development only; Production refuses to start without a configured key.</summary>
    public const string DevelopmentAdminApiKey = "dev-admin-key-change-me";

    public string? AdminApiKey { get; set; }

    /// <summary>
    /// The admin key opens everything and the personal-data key guards the hashed e-mails, so outside Development each
    /// must be long enough that guessing it is hopeless (32 characters: e.g. 16 random bytes in hex).
    /// </summary>
    public const int MinimumSecretLength = 32;

    /// <summary>Why the host must not serve with this admin key, or null when it may.</summary>
    public static string? AdminKeyProblem(string? adminApiKey, bool isDevelopment) =>
        SecretProblem(nameof(AdminApiKey), adminApiKey, isDevelopment, "it opens everything");

    /// <summary>Documented default for Development only: the key of the personal-data hashes (PersonalDataHasher).</summary>
    public const string DevelopmentPersonalDataKey = "dev-personal-data-key-change-me-0123456789";

    /// <summary>
    /// Secret key of the keyed hashes that stand in for e-mails and Idempotency-Keys in the database. Every node of one
    /// database needs the same key, and it must never change (a new key no longer finds the people already stored).
    /// </summary>
    public string? PersonalDataKey { get; set; }

    /// <summary>Why the host must not serve with this personal-data key, or null when it may.</summary>
    public static string? PersonalDataKeyProblem(string? personalDataKey, bool isDevelopment) =>
        SecretProblem(nameof(PersonalDataKey), personalDataKey, isDevelopment,
            "it keys the hashes that stand in for e-mails, and must never change");

    /// <summary>In Development only, the documented keys stand in for missing ones.</summary>
    public void UseDevelopmentSecretsWhereMissing()
    {
        if (string.IsNullOrWhiteSpace(AdminApiKey)) AdminApiKey = DevelopmentAdminApiKey;
        if (string.IsNullOrWhiteSpace(PersonalDataKey)) PersonalDataKey = DevelopmentPersonalDataKey;
    }

    /// <summary>Why the host must not serve with these secrets, or null when it may.</summary>
    public string? SecretsProblem(bool isDevelopment) =>
        AdminKeyProblem(AdminApiKey, isDevelopment) ?? PersonalDataKeyProblem(PersonalDataKey, isDevelopment);

    private static string? SecretProblem(string setting, string? value, bool isDevelopment, string why) => value?.Trim() switch
    {
        _ when isDevelopment => null,
        null or "" => $"TrainingHub:{setting} must be configured outside Development (env TrainingHub__{setting}): {why}.",
        { Length: < MinimumSecretLength } => $"TrainingHub:{setting} must be at least {MinimumSecretLength} characters " +
            $"outside Development (env TrainingHub__{setting}): {why}; generate one, e.g. `openssl rand -hex 32`.",
        _ => null,
    };

    /// <summary>Load the demo catalogue when the database is empty (used by <c>./build.sh run</c>).</summary>
    public bool SeedDemoData { get; set; }

    public string SchemaName { get; set; } = "traininghub";

    /// <summary>
    /// HotCold (default): every node may run async projections, one at a time per projection (advisory lock).
    /// Disabled: this node only serves requests (e.g. a read/write node next to a dedicated projection node).
    /// </summary>
    public JasperFx.Events.Daemon.DaemonMode DaemonMode { get; set; } = JasperFx.Events.Daemon.DaemonMode.HotCold;

    /// <summary>
    /// OpenTelemetry metrics, /metrics and OTLP export (on by default). A process with several hosts (the tests) turns
    /// it off in all but one: a meter provider collects every host's instruments in its process.
    /// </summary>
    public bool Telemetry { get; set; } = true;

    /// <summary>
    /// The address the public catalogue's links and linked-data identifiers are minted under (e.g.
    /// https://traininghub.example.org). Unset, links follow the request's own address, which differs behind each proxy
    /// host name: set it wherever identifiers must stay stable.
    /// </summary>
    public string? PublicBaseUrl { get; set; }
}
