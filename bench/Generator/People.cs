using TrainingHub.Enrolment;
using TrainingHub.Reference;

namespace TrainingHub.Bench.Generator;

/// <summary>An enrolment of a returning trainee, kept until the end: the trainee's stream is written in one piece.</summary>
public sealed record ReturningEnrolment(DateTimeOffset At, Guid PartnerId, Guid EnrolmentId, Guid OfferingId, EnrolTrainee Command,
    EnrolTrainee.Hashes Hashes);

/// <summary>
/// A person enrolled several times over the years, possibly by different partners. Some change job on the way, so a
/// later enrolment updates the partner's record of them (PartnerTraineeDetailsUpdated) exactly as EnrolTrainee decides.
/// </summary>
public sealed class ReturningTrainee
{
    public required Guid Id { get; init; }
    public required TraineeInput Before { get; init; }
    public TraineeInput? After { get; init; }
    public DateTimeOffset? MovedAt { get; init; }
    public List<ReturningEnrolment> Enrolments { get; } = [];

    public TraineeInput InputAt(DateTimeOffset at) => MovedAt is { } moved && at >= moved && After is not null ? After : Before;
}

/// <summary>Makes up trainees: names, e-mail addresses (unique by construction), countries and organisations.</summary>
public sealed class People
{
    /// <summary>Every generated address is in this domain, so other benchmarks can pick addresses that never collide.</summary>
    public const string EmailDomain = "gen.example.org";

    private readonly ReferenceData _reference;
    private readonly Dictionary<string, Country[]> _countriesByRegion;
    private readonly Dictionary<string, ReturningTrainee[]> _returning;
    private readonly double[] _sexWeights = Vocabulary.Sexes.Select(s => s.Weight).ToArray();
    private readonly double[] _typeWeights = Vocabulary.OrganisationTypes.Select(t => t.Weight).ToArray();
    private long _next;

    public People(long seed, ReferenceData reference, int enrolments)
    {
        _reference = reference;
        _countriesByRegion = reference.RegionCodes.ToDictionary(r => r, r => reference.Countries
            .Where(c => c.Status != "territory" && c.Regions.Contains(r)).ToArray());

        var rng = Rng.For(seed, "returning-trainees");
        var perRegion = Math.Max(2, (int)Math.Round(enrolments * 0.035 / reference.RegionCodes.Count));
        var number = 0;
        _returning = reference.Regions.ToDictionary(r => r.Code, r => Enumerable.Range(0, perRegion).Select(_ =>
        {
            var before = Person(rng, r.Code, null, $"r{++number}");
            var moves = rng.Chance(0.25);
            var after = moves ? before with { OrganisationType = OrganisationType(rng) } : null;
            if (after is not null) after = after with { Organisation = Organisation(rng, after.OrganisationType!, after.CountryOfResidence!) };
            var first = rng.Between(WorldPlanner.HistoryStart, new DateTimeOffset(2026, 6, 30, 0, 0, 0, TimeSpan.Zero));
            return new ReturningTrainee
            {
                Id = Ids.Version7(first, rng), Before = before, After = after,
                MovedAt = moves ? rng.Between(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 6, 30, 0, 0, 0, TimeSpan.Zero)) : null,
            };
        }).ToArray());
    }

    public IEnumerable<ReturningTrainee> Returning => _returning.Values.SelectMany(r => r);

    public long NewTrainees => _next;

    public ReturningTrainee PickReturning(Rng rng, string region) => rng.Pick(_returning[region]);

    /// <summary>Someone new, living in the venue's country or elsewhere in the region.</summary>
    public TraineeInput NewTrainee(Rng rng, string region, string? venueCountry) =>
        Person(rng, region, venueCountry, (++_next).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private TraineeInput Person(Rng rng, string region, string? venueCountry, string number)
    {
        var country = venueCountry is not null && rng.Chance(0.6) ? venueCountry : rng.Pick(_countriesByRegion[region]).Code;
        var given = rng.Pick(Vocabulary.GivenNames[region]);
        var family = rng.Pick(Vocabulary.FamilyNames[region]);
        var type = OrganisationType(rng);
        return new TraineeInput(
            $"{Vocabulary.EmailPart(given)}.{Vocabulary.EmailPart(family)}.{number}@{EmailDomain}",
            given, family, Vocabulary.Sexes[rng.Weighted(_sexWeights)].Code, country,
            rng.Chance(0.9) ? Organisation(rng, type, country) : null, type);
    }

    private string OrganisationType(Rng rng) => Vocabulary.OrganisationTypes[rng.Weighted(_typeWeights)].Code;

    private string Organisation(Rng rng, string type, string country) =>
        Vocabulary.OrganisationName(type, _reference.CountriesByCode[country].Name, rng);
}
