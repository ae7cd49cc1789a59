using System.Diagnostics.Metrics;
using JasperFx;
using Marten;
using Marten.Events.Daemon.Coordination;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Reports;

namespace TrainingHub.Hosting;

/// <summary>
/// Metrics always (ASP.NET Core, HTTP clients, runtime, Npgsql, Marten, Wolverine, the projections' lag), scraped as
/// Prometheus text at the admin-only <c>/metrics</c>; traces and metrics also pushed over OTLP when the standard
/// <c>OTEL_EXPORTER_OTLP_*</c> variables name an endpoint (service name from <c>OTEL_SERVICE_NAME</c>, else TrainingHub).
/// Traces are only recorded when they have somewhere to go.
/// </summary>
public static class Telemetry
{
    public const string MeterName = "TrainingHub";

    public static WebApplicationBuilder AddTrainingHubTelemetry(this WebApplicationBuilder builder, TrainingHubOptions options)
    {
        if (!options.Telemetry) return builder;
        builder.Services.AddSingleton<ProjectionLagMonitor>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ProjectionLagMonitor>());

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("TrainingHub"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                // Wolverine's meter is named after the service ("Wolverine:TrainingHub").
                .AddMeter("Marten", "Wolverine:*", "Npgsql", MeterName)
                .AddPrometheusExporter());
        if (OtlpEndpointConfigured(builder.Configuration))
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSource("Marten", "Wolverine", "Npgsql"));
            telemetry.UseOtlpExporter();
        }
        return builder;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<TrainingHubOptions>().Telemetry) return app;
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Roles.Policies.Admin);
        return app;
    }

    private static bool OtlpEndpointConfigured(IConfiguration configuration) =>
        new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT" }
            .Any(name => !string.IsNullOrWhiteSpace(configuration[name]));
}

/// <summary>
/// The projections' lag as gauges, read every few seconds rather than on each scrape (a scrape must not wait for the
/// database): <c>traininghub.projection.lag</c> and <c>.position</c> per projection, and
/// <c>traininghub.daemon.running_projections</c>, the projections this node runs (it holds their leadership).
/// </summary>
public sealed class ProjectionLagMonitor : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly IDocumentStore _store;
    private readonly IServiceProvider _services;
    private readonly ILogger<ProjectionLagMonitor> _logger;
    private volatile IReadOnlyList<ProjectionPosition> _latest = [];

    public ProjectionLagMonitor(IDocumentStore store, IServiceProvider services, IMeterFactory meters,
        ILogger<ProjectionLagMonitor> logger)
    {
        _store = store;
        _services = services;
        _logger = logger;
        var meter = meters.Create(Telemetry.MeterName);
        meter.CreateObservableGauge("traininghub.projection.lag", () => Measure(p => p.Lag), "{event}",
            "Committed events a projection does not include yet (0: up to date).");
        meter.CreateObservableGauge("traininghub.projection.position", () => Measure(p => p.Position), "{event}",
            "The event store position up to which a projection includes every event.");
        meter.CreateObservableGauge("traininghub.daemon.running_projections", RunningHere, "{projection}",
            "Async projections running on this node.");
    }

    private IEnumerable<Measurement<long>> Measure(Func<ProjectionPosition, long> value) =>
        _latest.Select(p => new Measurement<long>(value(p), new KeyValuePair<string, object?>("projection", p.Name)));

    private int RunningHere()
    {
        try
        {
            return _services.GetService<IProjectionCoordinator>()?.DaemonForMainDatabase().CurrentAgents()
                .Count(agent => agent.Status == AgentStatus.Running) ?? 0;
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            return 0;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await using var session = _store.QuerySession();
                _latest = (await ProjectionsProgress.ReadAsync(session, stoppingToken)).Projections;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // No figure rather than a stale one while the database cannot be read.
                _latest = [];
                _logger.LogDebug(e, "Could not read the projections' progress");
            }
        } while (await WaitForNextRead(timer, stoppingToken));
    }

    private static async Task<bool> WaitForNextRead(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
