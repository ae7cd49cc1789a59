using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace TrainingHub.IntegrationTests.Support;

/// <summary>One host for the whole run, on one fresh database; each test resets the data.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    // As long as a production key must be (32 characters or more).
    public const string AdminKey = "test-admin-key-0123456789abcdef0123456789";

    private TestDatabase? _database;

    public IAlbaHost Host { get; private set; } = null!;
    public string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        // The daemon runs as in production (HotCold with advisory locks), so a second host can join the same database.
        Host = await AlbaHost.For<Program>(builder => Configure(builder, "Development", []));
    }

    /// <summary>
    /// Another host on this run's database: a second API node, or a host with other settings (keys are configuration
    /// paths, e.g. "TrainingHub:RateLimit:Burst"). It serves requests only: the shared host's daemon keeps the async
    /// projections. The caller disposes it.
    /// </summary>
    public Task<IAlbaHost> StartAnotherHost(string environment, params (string Key, string Value)[] settings) =>
        AlbaHost.For<Program>(builder => Configure(builder, environment, [("TrainingHub:DaemonMode", "Disabled"), .. settings]));

    /// <summary>
    /// Points a test host at this run's database with the test settings, then the given ones (a later value wins).
    /// Program reads its settings from the builder's configuration before Build(), where a test's app configuration
    /// would arrive too late; host settings (UseSetting) arrive in time because the test host hands them to Program as
    /// command-line arguments, which also win over the machine's environment variables. Nothing process-wide changes,
    /// so one host's settings never leak into the next.
    /// </summary>
    public void Configure(IWebHostBuilder builder, string environment, IEnumerable<(string Key, string Value)> settings)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in TestSettings().Concat(settings)) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.RunWolverineInSoloMode());
    }

    private IEnumerable<(string Key, string Value)> TestSettings() =>
    [
        ("ConnectionStrings:Marten", ConnectionString),
        ("TrainingHub:AdminApiKey", AdminKey),
        ("TrainingHub:SeedDemoData", "false"),
        // A meter provider collects the instruments of every host in its process, and loses one that another host
        // disposes: only the host of the metrics test turns telemetry on.
        ("TrainingHub:Telemetry", "false"),
        // Tests fire thousands of requests per second with a few keys; the limiter has its own test hosts.
        ("TrainingHub:RateLimit:PermitsPerSecond", "1000000"),
        ("TrainingHub:RateLimit:Burst", "1000000"),
        ("TrainingHub:RateLimit:PerAddressPermitsPerSecond", "1000000"),
        ("TrainingHub:RateLimit:PerAddressBurst", "1000000"),
    ];

    public async Task DisposeAsync()
    {
        await Host.StopAsync();
        await Host.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class IntegrationCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "integration";
}
