using System.Diagnostics;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TrainingHub.Bench.Generator;
using TrainingHub.Enrolment;
using TrainingHub.Hosting;
using TrainingHub.Offerings;

// The hot-offering load of bench/write.sh: HTTP only, no database, no host.
if (args is ["hot-enrol", .. var hotArgs]) return await HotEnrol.RunAsync(hotArgs);

GeneratorOptions? options;
try
{
    options = GeneratorOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(GeneratorOptions.Usage);
    return 2;
}
if (options is null)
{
    Console.WriteLine(GeneratorOptions.Usage);
    return 0;
}

// The app's own host gives the app's own Marten configuration (schema, projections, serializer, metadata columns).
// Built, never started: no HTTP, no daemon, no Wolverine agents.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    EnvironmentName = Environments.Production,
    ApplicationName = typeof(TrainingHubSetup).Assembly.GetName().Name,
});
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["ConnectionStrings:Marten"] = options.ConnectionString,
    ["TrainingHub:DaemonMode"] = "Disabled",
    ["TrainingHub:SeedDemoData"] = "false",
    // Outside Development the app insists on an admin key before serving; this process never serves.
    ["TrainingHub:AdminApiKey"] = "generator-never-serves-requests-0123456789",
    // The API that serves the generated data must use the same key, or it will not find the generated people.
    ["TrainingHub:PersonalDataKey"] = Environment.GetEnvironmentVariable("TrainingHub__PersonalDataKey")
                                      ?? BenchDefaults.PersonalDataKey,
    ["Logging:LogLevel:Default"] = "Warning",
});
builder.AddTrainingHub();
await using var app = builder.Build();
var store = (DocumentStore)app.Services.GetRequiredService<IDocumentStore>();

var existing = await store.Advanced.FetchEventStoreStatistics();
if (existing.EventCount > 0 && !options.DryRun)
{
    Console.Error.WriteLine($"The event store already holds {existing.EventCount:N0} events; the generator only fills an empty " +
                            "database (apply the schema to a fresh one with `TrainingHub db-apply`).");
    return 1;
}

Console.WriteLine($"Generating at scale {options.Scale} with seed {options.Seed}, now = {options.Now:O}");
var clock = Stopwatch.StartNew();
var generator = new WorldGenerator(options, store, store.Events, app.Services.GetRequiredService<PersonalDataHasher>());
var plan = await generator.RunAsync();
var seconds = clock.Elapsed.TotalSeconds;
var stats = generator.Stats;

var enrolled = stats.Of<TrainingHub.Offerings.TraineeEnrolled>();
Console.WriteLine($"""

    Generated in {seconds:F1} s: {stats.Events:N0} events in {stats.Streams:N0} streams ({stats.Events / seconds:N0} events/s)
      organisations  {stats.Organisations:N0} ({plan.Providers.Count} providers, {plan.Partners.Count} partners, 2 bench), {stats.ApiKeys:N0} API keys
      programmes     {stats.Programmes:N0} ({stats.ProgrammesRevised:N0} revised, {stats.ProgrammesRetired:N0} retired)
      offerings      {stats.Offerings:N0} ({stats.Of<TrainingHub.Offerings.OfferingCancelled>():N0} cancelled, {stats.Of<TrainingHub.Offerings.OfferingRescheduled>():N0} rescheduled, {stats.Of<TrainingHub.Offerings.OfferingCapacityChanged>():N0} capacity raised, {stats.OfferingsMapped:N0} mapped with reported participation, {stats.OfferingsWithWaitlist:N0} with a waitlist)
                     {stats.OfferingsStartingAfterNow:N0} start after now, {stats.OfferingsOpen:N0} open for enrolment now ({stats.OpenSeats:N0} free seats)
      enrolments     {enrolled:N0} ({stats.Of<TrainingHub.Offerings.EnrolmentWithdrawn>():N0} withdrawn, {stats.Of<TrainingHub.Offerings.WaitlistedTraineePromoted>():N0} promoted from a waitlist, {stats.Of<TrainingHub.Offerings.EnrolmentCancelled>():N0} cancelled with their offering, {stats.ArrivalsDropped:N0} arrivals dropped)
      trainees       {stats.Trainees:N0} ({stats.TraineesReturning:N0} returning, with {stats.ReturningEnrolments:N0} enrolments)
      assessments    {stats.PreAssessments:N0} pre, {stats.PostAssessments:N0} post, {stats.FinalAssessments:N0} final
      completions    {stats.Completed:N0} completed, {stats.DidNotComplete:N0} did not complete

    Bench API keys (send as X-Api-Key):
      partner   {WorldPlanner.BenchPartnerKey}   Bench partner ({plan.BenchOrganisations[0].Id}), no enrolments of its own
      analyst   {WorldPlanner.BenchAnalystKey}   Bench analysts ({plan.BenchOrganisations[1].Id})
      provider  {WorldPlanner.BenchProviderKey}   {plan.BenchProvider.Name} ({plan.BenchProvider.Id})
    Trainee e-mail addresses are all @{People.EmailDomain}; idempotency keys are '<partner code>-<8 digits>'.
    Projections are not built: run `TrainingHub projections rebuild`.
    """);

if (options.SummaryPath is { } path)
{
    var summary = new
    {
        scale = options.Scale,
        seed = options.Seed,
        now = options.Now,
        seconds = Math.Round(seconds, 1),
        events = stats.Events,
        streams = stats.Streams,
        offeringsOpen = stats.OfferingsOpen,
        openTarget = new WorldPlanner(options, TrainingHub.Reference.ReferenceData.Current).OpenTarget,
        benchKeys = new
        {
            partner = WorldPlanner.BenchPartnerKey,
            analyst = WorldPlanner.BenchAnalystKey,
            provider = WorldPlanner.BenchProviderKey,
            providerOrganisation = plan.BenchProvider.Id,
        },
        eventsByType = stats.EventsByType,
        expectedRows = stats.ExpectedRows,
    };
    await File.WriteAllTextAsync(path, JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));
}
return 0;

internal static class BenchDefaults
{
    /// <summary>The same default as bench/*.sh; only for throwaway benchmark databases.</summary>
    public const string PersonalDataKey = "bench-personal-data-key-not-a-secret-0123";
}
