using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;

namespace TrainingHub.IntegrationTests.Support;

/// <summary>
/// One fresh database per test run: from Testcontainers when a Docker engine answers, otherwise a new database
/// in the PostgreSQL that <c>./build.sh</c> started (TRAININGHUB_TEST_POSTGRES, else its documented default).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string LocalClusterDefault =
        "Host=127.0.0.1;Port=55432;Database=traininghub;Username=traininghub;Password=traininghub";

    private readonly Func<Task> _cleanup;

    private TestDatabase(string connectionString, string source, Func<Task> cleanup)
    {
        ConnectionString = connectionString;
        Source = source;
        _cleanup = cleanup;
    }

    public string ConnectionString { get; }
    public string Source { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        try
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            return new TestDatabase(container.GetConnectionString(), "testcontainers",
                () => container.DisposeAsync().AsTask());
        }
        catch (DockerUnavailableException)
        {
            // No Docker engine here: fall back to the local cluster.
        }

        var server = Environment.GetEnvironmentVariable("TRAININGHUB_TEST_POSTGRES") ?? LocalClusterDefault;
        var name = $"th_test_{DateTime.UtcNow:yyyyMMddHHmmss}_{Environment.ProcessId}_{Random.Shared.Next(1000, 9999)}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new TestDatabase(connectionString, "local cluster", async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        });
    }

    public async ValueTask DisposeAsync() => await _cleanup();
}
