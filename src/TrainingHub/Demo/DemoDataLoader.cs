using Marten;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using TrainingHub.Access;
using TrainingHub.Kernel;

namespace TrainingHub.Demo;

/// <summary>Loads the demo catalogue once the API listens, if the database holds no organisation yet.</summary>
public sealed class DemoDataLoader(
    IHostApplicationLifetime lifetime,
    IServer server,
    IDocumentStore store,
    TrainingHubOptions options,
    TimeProvider clock,
    ILogger<DemoDataLoader> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        await using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);

        await using (var session = store.QuerySession())
        {
            if (await session.Query<OrganisationView>().AnyAsync(stoppingToken))
            {
                logger.LogInformation("Demo data skipped: the database already holds organisations");
                return;
            }
        }

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                      ?? throw new InvalidOperationException("The server has no address to load demo data through.");
        using var client = new HttpClient { BaseAddress = new Uri(address.Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "127.0.0.1")) };
        try
        {
            var loaded = await DemoCatalogue.LoadAsync(client, options.AdminApiKey!, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), stoppingToken);
            logger.LogInformation(
                "Demo data loaded through the API: {Providers} providers, {Partners} partner, {Programmes} programmes, {Offerings} offerings, {Enrolments} enrolments, {Needs} training needs, {Editions} mapping edition, {Reviews} programme reviews",
                loaded.Providers, loaded.Partners, loaded.Programmes, loaded.Offerings, loaded.Enrolments, loaded.Needs,
                loaded.Editions, loaded.Reviews);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Demo data could not be loaded");
        }
    }
}
