using System.Diagnostics;
using JasperFx.Events;
using Marten;
using Npgsql;
using TrainingHub.Access;
using TrainingHub.Catalogue;
using TrainingHub.Enrolment;
using TrainingHub.Offerings;
using TrainingHub.Reference;

namespace TrainingHub.Bench.Generator;

/// <summary>Plans the world, then writes it stream by stream: organisations, programmes, offerings with their new
/// trainees (in scheduling order), and last the returning trainees, whose streams span the whole history.</summary>
public sealed class WorldGenerator(GeneratorOptions options, IDocumentStore store, IEventRegistry registry, PersonalDataHasher hasher)
{
    private readonly ReferenceData _reference = ReferenceData.Current;
    private readonly Statistics _stats = new();

    public Statistics Stats => _stats;

    public async Task<WorldPlan> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        var planner = new WorldPlanner(options, _reference);
        var plan = planner.Plan();
        Console.WriteLine($"Planned {plan.Providers.Count} providers, {plan.Partners.Count} partners, {plan.Programmes.Count:N0} programmes, " +
                          $"{plan.Offerings.Count:N0} offerings, {plan.Offerings.Sum(o => o.Arrivals):N0} enrolments " +
                          $"(demand x{plan.DemandScale:F2}) in {clock.Elapsed.TotalSeconds:F1} s");

        var people = new People(options.Seed, _reference, planner.EnrolmentCount);
        var simulator = new OfferingSimulator(options, _reference, people, plan.Partners, _stats, hasher);
        var writer = new BulkWriter(store, registry, options.Seed, _stats, options.Writers, options.DryRun);
        await using (writer)
        {
            foreach (var organisation in plan.Organisations) await writer.AddAsync(OrganisationStream(organisation));
            foreach (var programme in plan.Programmes) await writer.AddAsync(ProgrammeStream(programme));
            await writer.FlushAsync();

            var streams = new List<PlannedStream>();
            foreach (var offering in plan.Offerings)
            {
                simulator.Simulate(offering, streams);
                foreach (var stream in streams) await writer.AddAsync(stream);
                streams.Clear();
            }
            foreach (var trainee in people.Returning.Where(t => t.Enrolments.Count > 0))
            foreach (var stream in ReturningTraineeStreams(trainee))
                await writer.AddAsync(stream);
        }
        Console.WriteLine($"Events written in {clock.Elapsed.TotalSeconds:F1} s (generation waited {writer.Timings.Waiting.TotalSeconds:F1} s " +
                          $"for the writers; writers busy {writer.Timings.Copying.TotalSeconds:F1} s in all)");

        if (options.DryRun) return plan;
        var stamping = Stopwatch.StartNew();
        await StampStreamsAsync();
        Console.WriteLine($"Stream rows given their first and last event times in {stamping.Elapsed.TotalSeconds:F1} s");
        return plan;
    }

    /// <summary>
    /// The bulk path leaves mt_streams.created and .timestamp at the time of the import; give each stream the times of
    /// its own first and last event, as appending them one by one would have.
    /// </summary>
    private async Task StampStreamsAsync()
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            UPDATE {schema}.mt_streams AS s SET created = e.first_at, timestamp = e.last_at
            FROM (SELECT stream_id, min(timestamp) AS first_at, max(timestamp) AS last_at
                  FROM {schema}.mt_events GROUP BY stream_id) AS e
            WHERE s.id = e.stream_id
            """, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private PlannedStream OrganisationStream(OrganisationPlan plan)
    {
        var admin = Caller.AdministrationOrganisationId;
        var command = new RegisterOrganisation(plan.Name, plan.Kind, plan.Code);
        WorldPlanner.Require(RegisterOrganisation.Validate(command, _reference), $"organisation {plan.Code}");
        var registered = RegisterOrganisation.Decide(command, plan.Id);
        var organisation = Organisation.Create(registered);
        var events = new List<Stamped> { new(registered, plan.RegisteredAt, admin) };
        var rng = Rng.For(options.Seed, "api-keys", plan.RegisteredAt.UtcTicks);
        foreach (var key in plan.Keys.OrderBy(k => k.IssuedAt))
        {
            var issue = new IssueApiKey(key.Role);
            WorldPlanner.Require(IssueApiKey.Validate(issue, organisation, plan.Id), $"key of {plan.Code}");
            var issued = IssueApiKey.Decide(issue, organisation, Ids.Version7(key.IssuedAt, rng), key.Key);
            organisation = organisation.Apply(issued);
            events.Add(new Stamped(issued, Streams.After(key.IssuedAt, events[^1].At), admin));
            _stats.ApiKeys++;
        }
        foreach (var e in events) _stats.Count(e.Data);
        _stats.Organisations++;
        return new PlannedStream(plan.Id, typeof(Organisation), events);
    }

    private PlannedStream ProgrammeStream(ProgrammePlan plan)
    {
        var provider = plan.Provider.Id;
        var caller = new Caller(provider, Roles.Provider, Guid.Empty);
        var registered = RegisterProgramme.Decide(plan.Input, plan.Id, provider);
        var programme = Programme.Create(registered);
        var events = new List<Stamped> { new(registered, plan.RegisteredAt, provider) };
        foreach (var (at, input) in plan.Revisions)
        {
            WorldPlanner.Require(ReviseProgramme.Validate(input, programme, plan.Id, caller, _reference, ProgrammeLinks.None), "revision");
            var revised = ReviseProgramme.Decide(input, programme);
            foreach (var e in revised.Cast<ProgrammeRevised>()) programme = programme.Apply(e);
            events.AddRange(revised.Select(e => new Stamped(e, Streams.After(at, events[^1].At), provider)));
        }
        if (plan.Revisions.Count > 0 && events.Count > 1) _stats.ProgrammesRevised++;
        if (plan.RetiredAt is { } retiredAt)
        {
            var retire = new RetireProgramme(plan.RetirementReason);
            WorldPlanner.Require(RetireProgramme.Validate(retire, programme, plan.Id, caller), "retirement");
            var retired = RetireProgramme.Decide(retire, programme);
            programme = programme.Apply(retired);
            events.Add(new Stamped(retired, Streams.After(retiredAt, events[^1].At), provider));
            _stats.ProgrammesRetired++;
        }
        foreach (var e in events) _stats.Count(e.Data);
        _stats.Programmes++;
        return new PlannedStream(plan.Id, typeof(Programme), events);
    }

    /// <summary>
    /// Replays the trainee's enrolments in time order through EnrolTrainee.Decide, now with the trainee as each
    /// enrolment found them: registered once, details updated when they changed, one reference per enrolment.
    /// </summary>
    private IEnumerable<PlannedStream> ReturningTraineeStreams(ReturningTrainee trainee)
    {
        var ordered = trainee.Enrolments.OrderBy(e => e.At).ThenBy(e => e.EnrolmentId).ToArray();
        var first = ordered[0];
        var identified = new TraineeIdentified(trainee.Id, first.Hashes.EmailKey);
        _stats.Count(identified);
        _stats.TraineesReturning++;
        yield return new PlannedStream(trainee.Id, typeof(Trainee), [new Stamped(identified, first.At, first.PartnerId)]);

        var person = Trainee.Create(identified);
        foreach (var byPartner in ordered.GroupBy(e => e.PartnerId))
        {
            PartnerTrainee? record = null;
            var events = new List<Stamped>();
            var last = DateTimeOffset.MinValue;
            foreach (var enrolment in byPartner)
            {
                // Decide only reads the offering's id for the partner's record.
                var offering = new Offering(enrolment.OfferingId, Guid.Empty, Guid.Empty, default, default, "online", null, "en", 1,
                    null, null, false);
                var decision = EnrolTrainee.Decide(enrolment.Command, offering, person, record, enrolment.PartnerId,
                    enrolment.Hashes, enrolment.EnrolmentId, trainee.Id);
                var at = last = Streams.After(enrolment.At, last);
                foreach (var e in decision.PartnerTraineeEvents)
                {
                    record = e switch
                    {
                        PartnerTraineeRegistered x => PartnerTrainee.Create(x),
                        PartnerTraineeDetailsUpdated x => record!.Apply(x),
                        PartnerTraineeEnrolmentReferenced x => record!.Apply(x),
                        _ => throw new InvalidOperationException($"Unexpected partner trainee event {e.GetType().Name}"),
                    };
                    events.Add(new Stamped(e, at, enrolment.PartnerId));
                    _stats.Count(e);
                }
            }
            _stats.PartnerTrainees++;
            yield return new PlannedStream(record!.Id, typeof(PartnerTrainee), events);
        }
    }
}
