using System.Text.Json.Serialization;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.AspNetCore.Authentication;
using TrainingHub.Access;
using TrainingHub.Catalogue;
using TrainingHub.Demo;
using TrainingHub.Editions;
using TrainingHub.Enrolment;
using TrainingHub.Imports;
using TrainingHub.Kernel;
using TrainingHub.Needs;
using TrainingHub.Offerings;
using TrainingHub.Reference;
using TrainingHub.Reports;
using TrainingHub.Reviews;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace TrainingHub.Hosting;

public static class TrainingHubSetup
{
    public static WebApplicationBuilder AddTrainingHub(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TrainingHubOptions.Section).Get<TrainingHubOptions>()
                      ?? new TrainingHubOptions();
        if (builder.Environment.IsDevelopment()) options.UseDevelopmentSecretsWhereMissing();
        if (options.SecretsProblem(builder.Environment.IsDevelopment()) is { } problem)
            // Refuse to serve, but let command-line tasks (db-apply, projections, codegen) run without the secrets:
            // they neither authenticate nor hash.
            builder.Services.AddHostedService(_ => new UnsafeConfigurationGuard(problem));
        builder.Services.AddSingleton(PersonalDataHasher.FromSecret(options.PersonalDataKey ?? ""));
        if (options.PublicBaseUrl is { Length: > 0 } publicBase
            && !(Uri.TryCreate(publicBase, UriKind.Absolute, out var publicUri) && publicUri.Scheme is "http" or "https"))
            throw new InvalidOperationException(
                $"TrainingHub:PublicBaseUrl must be an absolute http(s) address (env TrainingHub__PublicBaseUrl), not '{publicBase}'.");
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(ReferenceData.Current);
        builder.Services.AddSingleton<ReportFacts>();
        builder.Services.AddSingleton<DatabaseReadiness>();

        var connectionString = WithConnectionSettings(builder.Configuration.GetConnectionString("Marten")
            ?? throw new InvalidOperationException(
                "ConnectionStrings:Marten is not configured (env ConnectionStrings__Marten); `./build.sh run` sets it."));

        var marten = builder.Services.AddMarten(marten =>
            {
                marten.Connection(connectionString);
                marten.DatabaseSchemaName = options.SchemaName;
                marten.UseSystemTextJsonForSerialization(configure: json =>
                    json.Converters.Add(new JsonStringEnumConverter()));

                // The event store is the audit trail: who acted (user_name = acting organisation id) and when.
                marten.Events.MetadataConfig.UserNameEnabled = true;
                marten.Events.MetadataConfig.HeadersEnabled = true;
                marten.Events.AppendMode = JasperFx.Events.EventAppendMode.Quick;
                // Needed by the HotCold daemon with Npgsql data sources (see build/shims README facts).
                marten.Events.UseAdvisoryLockTransaction = true;

                marten.ConfigureAccess();
                marten.ConfigureOfferings();
                marten.ConfigureCatalogue();
                marten.ConfigureNeeds();
                marten.ConfigureReviews();
                marten.ConfigureEnrolment();
                marten.ConfigureReports();
                marten.ConfigureImports();
                marten.ConfigureEditions();

                // Bigger daemon pages: fewer round trips per event when catching up or rebuilding (README Performance).
                foreach (var projection in marten.Projections.All) projection.Options.BatchSize = 5000;
                // Telemetry: a span per session's connection (when traces are exported) and appended events by type.
                marten.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal;
                marten.OpenTelemetry.TrackEventCounters();
                // After a node dies, the next node tries for each projection's lock this often (default 5 s).
                marten.Projections.LeadershipPollingTime = 1000;
            })
            .UseLightweightSessions()
            // One node at a time runs each async projection; others stand by (safe with several API nodes).
            .AddAsyncDaemon(options.DaemonMode)
            .IntegrateWithWolverine();
        if (builder.Environment.IsDevelopment())
            marten.ApplyAllDatabaseChangesOnStartup();
        builder.Services.AddHttpContextAccessor();
        builder.Services.ConfigureMarten((services, store) =>
            store.Listeners.Add(new EventPositionHeader(services.GetRequiredService<IHttpContextAccessor>())));

        builder.Services.CritterStackDefaults(defaults =>
        {
            defaults.Development.ResourceAutoCreate = AutoCreate.CreateOrUpdate;
            defaults.Production.ResourceAutoCreate = AutoCreate.None;
            // Production loads the handler code pre-generated by `dotnet run -- codegen write` (Internal/Generated):
            // no Roslyn at start-up. A test fails when that code is stale.
            defaults.Production.GeneratedCodeMode = TypeLoadMode.Static;
        });

        builder.Host.UseWolverine(wolverine =>
        {
            wolverine.Policies.AutoApplyTransactions();
            // Identity.Name is the acting organisation; Wolverine copies it onto the Marten session (user_name).
            wolverine.EnableRelayOfUserName = true;
        });

        builder.Services.AddWolverineHttp();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower));
        });

        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = Problems.Enrich);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();

        builder.Services
            .AddAuthentication(ApiKeyAuthentication.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthentication.Scheme, null);
        builder.Services.AddAuthorization(Roles.AddPolicies);

        builder.AddTrainingHubTelemetry(options);
        builder.Services.AddTrainingHubSecurityHeaders();
        builder.AddRequestEdges();
        builder.Services.AddTrainingHubOpenApi();
        builder.Services.AddSingleton(new TrustedProxyOptions(TrustedProxies.Options(builder.Configuration)));
        builder.Services.AddPerKeyRateLimiting(
            builder.Configuration.GetSection("TrainingHub:RateLimit").Get<RateLimitOptions>() ?? new RateLimitOptions());

        if (options.SeedDemoData)
            builder.Services.AddHostedService<DemoDataLoader>();


        return builder;
    }

    /// <summary>
    /// Requests that wait for an offering's lock hold a connection; a bounded pool per node makes them queue in the
    /// node instead of exhausting PostgreSQL's max_connections when several nodes share one server.
    /// An explicit "Maximum Pool Size" in the connection string wins. (No Npgsql auto-prepare: after a statement fails
    /// inside a Marten batch, the next use of an auto-prepared statement failed with 26000, which the hostile-input test
    /// caught as 500s.)
    /// </summary>
    private static string WithConnectionSettings(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Pool Size", StringComparison.OrdinalIgnoreCase)) builder.MaxPoolSize = 40;
        // A node killed while it runs the daemon leaves its lock sessions in the lock monitor's pg_sleep(60): PostgreSQL
        // only notices the dead client when that query ends, so the projections' locks stayed held for up to a
        // minute. Checking the client's socket every second releases them within a second.
        if (builder.Options?.Contains("client_connection_check_interval", StringComparison.Ordinal) != true)
            builder.Options = $"{builder.Options} -c client_connection_check_interval=1000".Trim();
        return builder.ConnectionString;
    }

    public static WebApplication UseTrainingHub(this WebApplication app)
    {
        // First, so everything after it (logs, the per-address limiter) sees the client's address, not the proxy's.
        app.UseTrustedForwardedHeaders(app.Services.GetRequiredService<TrustedProxyOptions>().Options);
        // Then the headers, so every answer carries them, problems and status-code pages included.
        app.UseSecurityHeaders();
        app.UseRequestEdges();
        app.UseExceptionHandler();
        // Bodiless 4xx (404 route miss, 405, 415) become problem+json too, whatever the Accept header asked for
        // (the default status-code page falls back to plain text when the client does not accept JSON).
        app.UseStatusCodePages(context =>
            TypedResults.Problem(statusCode: context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext));
        app.UseRequestBodyLimit();

        // Per-address limiter, authentication, per-key limiter: no key is looked up past its address's budget.
        app.UseRateLimitedAuthentication();
        app.UseAuthorization();

        app.MapTrainingHubOpenApi();

        // Probes are never limited, so a flood cannot make a load balancer drop a healthy node.
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" }))
            .AllowAnonymous().ExcludeFromDescription().ExemptFromRateLimiting();
        app.MapGet("/health/ready", HealthChecks.Ready)
            .AllowAnonymous().ExcludeFromDescription().ExemptFromRateLimiting();

        app.MapMetrics();

        app.MapWolverineEndpoints(http =>
        {
            http.RequireAuthorizeOnAll();
            http.RejectUnparseableQueryValues = true;
            http.AddPolicy<RequireJsonBodyPolicy>();
        });

        var options = app.Services.GetRequiredService<TrainingHubOptions>();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TrainingHub");
            foreach (var address in app.Urls)
                logger.LogInformation("TrainingHub API on {Address}; Swagger UI at {Address}/swagger", address, address);
            if (app.Environment.IsDevelopment() && options.AdminApiKey == TrainingHubOptions.DevelopmentAdminApiKey)
                logger.LogWarning("Development admin key (send as X-Api-Key): {Key}", options.AdminApiKey);
        });

        return app;
    }
}

/// <summary>Stops the host before it serves a request when a secret (admin key, personal-data key) is missing or too weak.</summary>
internal sealed class UnsafeConfigurationGuard(string problem) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => throw new InvalidOperationException(problem);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
