using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
        // Program reads these while building; environment variables reach it before any host override would.
        Environment.SetEnvironmentVariable("ConnectionStrings__Marten", _database.ConnectionString);
        Environment.SetEnvironmentVariable("TrainingHub__AdminApiKey", AdminKey);
        Environment.SetEnvironmentVariable("TrainingHub__SeedDemoData", "false");
        // Tests fire thousands of requests per second with a few keys; the limiter has its own test host.
        Environment.SetEnvironmentVariable("TrainingHub__RateLimit__PermitsPerSecond", "1000000");
        Environment.SetEnvironmentVariable("TrainingHub__RateLimit__Burst", "1000000");
        Environment.SetEnvironmentVariable("TrainingHub__RateLimit__PerAddressPermitsPerSecond", "1000000");
        Environment.SetEnvironmentVariable("TrainingHub__RateLimit__PerAddressBurst", "1000000");

        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Development");
            // The daemon runs as in production (HotCold with advisory locks), so a second host can join the same database.
            builder.ConfigureServices(services => services.RunWolverineInSoloMode());
        });
    }

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
