using System.Text.Json.Serialization;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.AspNetCore.Authentication;
using TrainingHub.Access;
using TrainingHub.Catalogue;
using TrainingHub.Demo;
using TrainingHub.Enrolment;
using TrainingHub.Imports;

using TrainingHub.Reference;
using TrainingHub.Reports;
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
        if (string.IsNullOrWhiteSpace(options.AdminApiKey))
        {
            if (builder.Environment.IsDevelopment())
                options.AdminApiKey = TrainingHubOptions.DevelopmentAdminApiKey;
            else
                // Refuse to serve, but let command-line tasks (db-apply, projections, codegen) run without a key.
                builder.Services.AddHostedService<MissingAdminKeyGuard>();
        }
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(ReferenceData.Current);

        var connectionString = WithBoundedPool(builder.Configuration.GetConnectionString("Marten")
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
                marten.ConfigureCatalogue();
                marten.ConfigureEnrolment();
                marten.ConfigureReports();
                marten.ConfigureImports();
            })
            .UseLightweightSessions()
            // One node at a time runs each async projection; others stand by (safe with several API nodes).
            .AddAsyncDaemon(options.DaemonMode)
            .IntegrateWithWolverine();
        if (builder.Environment.IsDevelopment())
            marten.ApplyAllDatabaseChangesOnStartup();

        builder.Services.CritterStackDefaults(defaults =>
        {
            defaults.Development.ResourceAutoCreate = AutoCreate.CreateOrUpdate;
            defaults.Production.ResourceAutoCreate = AutoCreate.None;
            defaults.Production.GeneratedCodeMode = TypeLoadMode.Auto;
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
            json.SerializerOptions.Converters.Add(new NoNulCharacters());
        });

        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = Problems.Enrich);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();

        builder.Services
            .AddAuthentication(ApiKeyAuthentication.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthentication.Scheme, null);
        builder.Services.AddAuthorization(Roles.AddPolicies);

        builder.Services.AddTrainingHubOpenApi();
        builder.Services.AddPerKeyRateLimiting(
            builder.Configuration.GetSection("TrainingHub:RateLimit").Get<RateLimitOptions>() ?? new RateLimitOptions());

        if (options.SeedDemoData)
            builder.Services.AddHostedService<DemoDataLoader>();


        return builder;
    }

    /// <summary>
    /// Requests that wait for an offering's lock hold a connection; a bounded pool per node makes them queue in the
    /// node instead of exhausting PostgreSQL's max_connections when several nodes share one server.
    /// An explicit "Maximum Pool Size" in the connection string wins.
    /// </summary>
    private static string WithBoundedPool(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Pool Size", StringComparison.OrdinalIgnoreCase)) builder.MaxPoolSize = 40;
        return builder.ConnectionString;
    }

    public static WebApplication UseTrainingHub(this WebApplication app)
    {
        app.UseExceptionHandler();
        // Bodiless 4xx (404 route miss, 405, 415) become problem+json too.
        app.UseStatusCodePages();

        app.UseAuthentication();
        // After authentication, so the budget is per API key.
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapTrainingHubOpenApi();

        app.MapGet("/health/live", () => Results.Ok(new { status = "live" }))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/health/ready", HealthChecks.Ready)
            .AllowAnonymous().ExcludeFromDescription();

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

internal sealed class MissingAdminKeyGuard : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => throw new InvalidOperationException(
        "TrainingHub:AdminApiKey must be configured outside Development (env TrainingHub__AdminApiKey).");

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
