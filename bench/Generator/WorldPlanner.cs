using TrainingHub.Access;
using TrainingHub.Catalogue;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using TrainingHub.Reference;

namespace TrainingHub.Bench.Generator;

/// <summary>Everything that is small enough to hold at once: organisations, programmes and the schedule of offerings.</summary>
public sealed class WorldPlan
{
    public required List<OrganisationPlan> Providers { get; init; }
    public required List<OrganisationPlan> Partners { get; init; }
    public required List<OrganisationPlan> BenchOrganisations { get; init; }
    public required OrganisationPlan BenchProvider { get; init; }
    public required List<ProgrammePlan> Programmes { get; init; }
    /// <summary>In the order their streams are written: by scheduling time.</summary>
    public required List<OfferingPlan> Offerings { get; init; }
    public required double DemandScale { get; init; }

    public IEnumerable<OrganisationPlan> Organisations => Providers.Concat(Partners).Concat(BenchOrganisations);
}

public sealed class WorldPlanner(GeneratorOptions options, ReferenceData reference)
{
    public static readonly DateTimeOffset HistoryStart = new(2019, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly LastStart = new(2027, 6, 30);
    public const string BenchPartnerKey = "bench-partner-key-0000000000000000";
    public const string BenchAnalystKey = "bench-analyst-key-0000000000000000";
    public const string BenchProviderKey = "bench-provider-key-000000000000000";

    private readonly DateTimeOffset _now = options.Now;
    private readonly Country[] _countries = reference.Countries.Where(c => c.Status != "territory" && c.Regions.Count > 0).ToArray();
    private Dictionary<string, Country[]> CountriesByRegion => _byRegion ??= reference.RegionCodes.ToDictionary(
        r => r, r => _countries.Where(c => c.Regions.Contains(r)).ToArray());
    private Dictionary<string, Country[]>? _byRegion;

    public int ProgrammeCount => Math.Max(20, (int)Math.Round(10_000 * options.Scale));
    public int OfferingCount => Math.Max(100, (int)Math.Round(50_000 * options.Scale));
    public int EnrolmentCount => (int)Math.Round(1_000_000 * options.Scale);
    public int OpenTarget => Math.Max(50, (int)Math.Round(5_000 * options.Scale));

    public WorldPlan Plan()
    {
        var providers = PlanProviders();
        var partners = PlanPartners();
        var programmes = PlanProgrammes(providers);
        var offerings = PlanOfferings(programmes);
        var demandScale = PlanArrivals(offerings);

        // The bench provider key goes to the provider with the most offerings still open, so the write benchmark's
        // provider-side calls have plenty to work on.
        var benchProvider = offerings.Where(o => o.Future && o.CancelAt is null)
            .GroupBy(o => o.Programme.Provider).OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Code).First().Key;
        var benchKeyAt = _now.AddDays(-7).AddHours(2);
        benchProvider.Keys.Add(new PlannedKey(Roles.Provider, BenchProviderKey, benchKeyAt));

        var registered = _now.AddDays(-7);
        var benchPartner = new OrganisationPlan
        {
            Id = Ids.Version7(registered, Rng.For(options.Seed, "bench-partner")), Name = "Bench partner", Kind = "ngo",
            Code = "BENCH-PARTNER", RegisteredAt = registered,
        };
        benchPartner.Keys.Add(new PlannedKey(Roles.Partner, BenchPartnerKey, registered.AddHours(1)));
        var benchAnalyst = new OrganisationPlan
        {
            Id = Ids.Version7(registered.AddMinutes(5), Rng.For(options.Seed, "bench-analyst")), Name = "Bench analysts",
            Kind = "international", Code = "BENCH-ANALYST", RegisteredAt = registered.AddMinutes(5),
        };
        benchAnalyst.Keys.Add(new PlannedKey(Roles.Analyst, BenchAnalystKey, registered.AddHours(1).AddMinutes(5)));

        return new WorldPlan
        {
            Providers = providers, Partners = partners, BenchOrganisations = [benchPartner, benchAnalyst],
            BenchProvider = benchProvider, Programmes = programmes,
            Offerings = [.. offerings.OrderBy(o => o.ScheduledAt).ThenBy(o => o.Index)], DemandScale = demandScale,
        };
    }

    private List<OrganisationPlan> PlanProviders()
    {
        var rng = Rng.For(options.Seed, "providers");
        var n = Math.Max(12, (int)Math.Round(300 * options.Scale));
        var international = Math.Clamp((int)Math.Round(n * 0.05), 1, 40);
        var academic = Math.Max(1, (int)Math.Round(n * 0.18));
        var ngo = Math.Max(1, (int)Math.Round(n * 0.05));
        var privateSector = Math.Max(1, (int)Math.Round(n * 0.03));
        var national = Math.Max(1, n - 5 - international - academic - ngo - privateSector);

        var plans = new List<OrganisationPlan>();
        OrganisationPlan Add(string name, string kind, string code, double weight, string? country = null, string? region = null)
        {
            // Most organisations were onboarded together before the first programmes; some joined later.
            var registered = rng.Chance(0.8)
                ? rng.Between(new DateTimeOffset(2018, 9, 1, 0, 0, 0, TimeSpan.Zero), HistoryStart.AddDays(-14))
                : rng.Between(HistoryStart, new DateTimeOffset(2025, 6, 30, 0, 0, 0, TimeSpan.Zero));
            var plan = new OrganisationPlan
            {
                Id = Ids.Version7(registered, rng), Name = name, Kind = kind, Code = code, RegisteredAt = registered,
                HomeCountry = country, HomeRegion = region, ProgrammeWeight = weight * Math.Exp(rng.Normal(0, 0.5)),
            };
            plan.Keys.Add(new PlannedKey(Roles.Provider, RandomKey(rng), registered.AddMinutes(rng.Between(30, 4 * 24 * 60))));
            plans.Add(plan);
            return plan;
        }

        foreach (var region in reference.Regions)
            Add(region.Commission, "regional-commission", region.Code == "ECLAC" ? "ECLAC" : "UN" + region.Code, 60, region: region.Code);
        for (var i = 0; i < international; i++)
        {
            var (code, name) = i < Vocabulary.InternationalProviders.Length
                ? Vocabulary.InternationalProviders[i]
                : ($"INTL-{i + 1}", $"International Statistical Training Institute {i + 1}");
            Add(name, "international", code, 40);
        }

        var memberStates = rng.Sample(_countries.Where(c => c.Status == "member-state").ToArray(), int.MaxValue);
        for (var i = 0; i < national; i++)
        {
            var country = memberStates[i % memberStates.Count];
            var round = i / memberStates.Count;
            var (name, code) = round switch
            {
                0 => ($"National Statistics Office of {country.Name}", $"NSO-{country.Code}"),
                1 => ($"Migration Service of {country.Name}", $"MIG-{country.Code}"),
                _ => ($"National Institution {round} of {country.Name}", $"NAT{round}-{country.Code}"),
            };
            Add(name, "national", code, 22, country.Code);
        }
        var universityCountries = rng.Sample(memberStates, int.MaxValue);
        for (var i = 0; i < academic; i++)
        {
            var country = universityCountries[i % universityCountries.Count];
            var round = i / universityCountries.Count;
            var name = round == 0 ? $"University of {country.Name}, Centre for Migration Studies"
                : $"Institute {round + 1} for Population Studies, {country.Name}";
            Add(name, "academic", round == 0 ? $"UNI-{country.Code}" : $"UNI{round + 1}-{country.Code}", 30, country.Code);
        }
        for (var i = 0; i < ngo; i++)
        {
            var name = Vocabulary.NgoNames[i % Vocabulary.NgoNames.Length];
            Add(i < Vocabulary.NgoNames.Length ? name : $"{name} {i / Vocabulary.NgoNames.Length + 1}", "ngo", $"NGO-{i + 1}", 15);
        }
        for (var i = 0; i < privateSector; i++)
        {
            var name = Vocabulary.PrivateNames[i % Vocabulary.PrivateNames.Length];
            Add(i < Vocabulary.PrivateNames.Length ? $"{name} Ltd" : $"{name} {i / Vocabulary.PrivateNames.Length + 1} Ltd",
                "private", $"PRV-{i + 1}", 12);
        }
        return plans;
    }

    private List<OrganisationPlan> PlanPartners()
    {
        var rng = Rng.For(options.Seed, "partners");
        var plans = new List<OrganisationPlan>();
        foreach (var (code, name, kind, regions) in Vocabulary.Partners)
        {
            var registered = rng.Between(new DateTimeOffset(2018, 9, 1, 0, 0, 0, TimeSpan.Zero), HistoryStart.AddDays(-14));
            var plan = new OrganisationPlan
            {
                Id = Ids.Version7(registered, rng), Name = name, Kind = kind, Code = code, RegisteredAt = registered,
                PartnerRegions = regions,
            };
            plan.Keys.Add(new PlannedKey(Roles.Partner, RandomKey(rng), registered.AddMinutes(rng.Between(30, 2 * 24 * 60))));
            plans.Add(plan);
        }
        return plans;
    }

    private List<ProgrammePlan> PlanProgrammes(List<OrganisationPlan> providers)
    {
        var rng = Rng.For(options.Seed, "programmes");
        var providerIndex = new WeightedIndex(providers.Select(p => p.ProgrammeWeight).ToArray());
        var titles = new Dictionary<Guid, HashSet<string>>();
        var latestRegistration = Clock.Min(_now.AddDays(-21), new DateTimeOffset(2026, 10, 31, 0, 0, 0, TimeSpan.Zero));
        var plans = new List<ProgrammePlan>(ProgrammeCount);

        for (var i = 0; i < ProgrammeCount; i++)
        {
            var provider = providers[providerIndex.Draw(rng)];
            // A wave when the catalogue was first mapped, then a steady trickle.
            var from = Clock.Max(HistoryStart, provider.RegisteredAt.AddDays(1));
            var waveEnd = HistoryStart.AddDays(120);
            var registered = from < waveEnd && rng.Chance(0.55)
                ? rng.Between(from, waveEnd)
                : rng.Between(Clock.Max(from, waveEnd), latestRegistration);

            var topic = rng.Pick(Vocabulary.Topics);
            var format = rng.Pick(Vocabulary.Formats);
            var (regions, countries) = Geography(provider, rng);
            var place = countries.Count == 1 ? reference.CountriesByCode[countries[0]].Name
                : regions.Count == 1 && countries.Count == 0 ? reference.Regions.First(r => r.Code == regions[0]).Name
                : null;
            var title = place is null || rng.Chance(0.3) ? $"{topic.Title}: {format}" : $"{topic.Title}: {format} ({place})";
            var taken = titles.TryGetValue(provider.Id, out var set) ? set : titles[provider.Id] = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var edition = 2; !taken.Add(title); edition++) title = $"{title.Split(", edition ")[0]}, edition {edition}";

            var modes = DeliveryModes(format, rng);
            var served = reference.ServedRegions(regions, countries);
            var input = new ProgrammeInput(
                title,
                Summary(topic, format, rng),
                Vocabulary.Levels[rng.Weighted(Vocabulary.Levels.Select(l => l.Weight).ToArray())].Code,
                Disciplines(topic, rng),
                Standards(topic, rng),
                Audiences(rng),
                modes,
                Languages(provider, served, rng),
                regions,
                countries,
                Duration(format, rng),
                rng.Chance(0.75) ? rng.Pick([50, 60, 60, 65, 70, 70, 75, 80]) : null,
                rng.Chance(0.6) ? $"https://learning.{provider.Code.ToLowerInvariant()}.example.org/programmes/{i + 1}" : null);
            Require(ProgrammeInput.Validate(input, reference), $"programme {i}");

            var plan = new ProgrammePlan
            {
                Index = i, Id = Ids.Version7(registered, rng), Provider = provider, RegisteredAt = registered, Input = input,
                ServedRegions = served, Weight = Math.Exp(rng.Normal(0, 0.8)),
            };
            if (registered < _now.AddDays(-400) && rng.Chance(0.03))
            {
                plan.RetiredAt = rng.Between(registered.AddDays(365), _now.AddDays(-7));
                plan.RetirementReason = rng.Chance(0.8) ? rng.Pick(Vocabulary.RetirementReasons) : null;
            }
            if (rng.Chance(0.15))
            {
                var until = (plan.RetiredAt ?? _now).AddDays(-1);
                var revisions = rng.Chance(0.8) ? 1 : 2;
                var current = input;
                foreach (var at in Enumerable.Range(0, revisions).Select(_ => rng.Between(registered.AddDays(20), until)).Order())
                {
                    if (at <= registered) continue;
                    current = Revise(current, at, rng);
                    Require(ProgrammeInput.Validate(current, reference), $"revision of programme {i}");
                    plan.Revisions.Add((at, current));
                }
            }
            plans.Add(plan);
        }
        return plans;
    }

    private (IReadOnlyList<string> Regions, IReadOnlyList<string> Countries) Geography(OrganisationPlan provider, Rng rng)
    {
        string[] all = [.. reference.Regions.Select(r => r.Code)];
        IReadOnlyList<string> CountriesOf(string region, int count) =>
            rng.Sample(CountriesByRegion[region], count).Select(c => c.Code).ToArray();
        var home = provider.HomeCountry is null ? null : reference.CountriesByCode[provider.HomeCountry];
        switch (provider.Kind)
        {
            case "regional-commission":
                return rng.Chance(0.6) ? ([provider.HomeRegion!], []) : ([], CountriesOf(provider.HomeRegion!, rng.Between(1, 4)));
            case "national":
                return rng.Chance(0.75) ? ([], [home!.Code]) : ([.. home!.Regions], []);
            case "academic":
                var roll = rng.NextDouble();
                return roll < 0.4 ? ([.. home!.Regions], [])
                    : roll < 0.7 ? ([], [home!.Code, .. CountriesOf(home.Regions[0], rng.Between(0, 2)).Where(c => c != home.Code)])
                    : (all, []);
            default:
                var r = rng.NextDouble();
                return r < (provider.Kind == "international" ? 0.35 : 0.2) ? (all, [])
                    : r < 0.75 ? (rng.Sample(all, rng.Between(1, 2)), [])
                    : ([], CountriesOf(rng.Pick(all), rng.Between(1, 5)));
        }
    }

    private static string Summary(Topic topic, string format, Rng rng)
    {
        var standards = topic.Standards.Length == 0 ? "national data sources and good practice"
            : "the recommendations " + string.Join(", ", topic.Standards);
        return $"A {format} on {topic.Title.ToLowerInvariant()}. Participants work through {standards}, " +
               $"with exercises on {rng.Pick(["their own country's data", "census and survey microdata", "administrative registers", "case studies from the region"])}.";
    }

    private static string[] Disciplines(Topic topic, Rng rng)
    {
        var disciplines = topic.Disciplines.ToList();
        if (rng.Chance(0.2)) disciplines.Add(rng.Pick(["demography", "sociology", "economics", "it-data-science", "political-science"]));
        return [.. disciplines.Distinct()];
    }

    private string[] Standards(Topic topic, Rng rng)
    {
        var standards = topic.Standards.Length == 0 || rng.Chance(0.7)
            ? topic.Standards.ToList()
            : rng.Sample(topic.Standards, rng.Between(1, topic.Standards.Length));
        if (rng.Chance(0.1)) standards.Add(rng.Pick(reference.Standards).Code);
        return [.. standards.Distinct()];
    }

    private string[] Audiences(Rng rng)
    {
        var others = reference.Vocabularies.TargetAudiences.Select(a => a.Code).Where(a => a != "nso").ToArray();
        var audiences = rng.Sample(others, rng.Between(0, 3));
        if (audiences.Count == 0 || rng.Chance(0.8)) audiences.Insert(0, "nso");
        return [.. audiences];
    }

    private static string[] DeliveryModes(string format, Rng rng)
    {
        var preferred = format switch
        {
            "e-learning course" => "self-paced",
            "webinar series" => "online",
            "blended course" => "blended",
            _ => "in-person",
        };
        var modes = new List<string> { preferred };
        var weights = Vocabulary.DeliveryModes.Select(m => m.Weight).ToArray();
        for (var extra = rng.Chance(0.35) ? rng.Between(1, 2) : 0; extra > 0; extra--)
            modes.Add(Vocabulary.DeliveryModes[rng.Weighted(weights)].Code);
        return [.. modes.Distinct()];
    }

    private string[] Languages(OrganisationPlan provider, IReadOnlyList<string> served, Rng rng)
    {
        var pool = served.Count >= 4 ? Vocabulary.GlobalLanguages
            : served.SelectMany(r => Vocabulary.LanguagesByRegion[r]).Distinct().ToArray();
        var primary = rng.Chance(0.6) ? pool[0] : rng.Pick(pool);
        if (provider.HomeRegion is { } commissionRegion && served.Contains(commissionRegion) && rng.Chance(0.5))
            primary = Vocabulary.LanguagesByRegion[commissionRegion][0];
        var languages = new List<string> { primary };
        if (rng.Chance(0.45)) languages.Add(rng.Pick(pool));
        if (rng.Chance(0.15)) languages.Add(rng.Pick(pool));
        if (!languages.Contains("en") && rng.Chance(0.3)) languages.Add("en");
        return [.. languages.Distinct()];
    }

    private static int Duration(string format, Rng rng) => format switch
    {
        "certificate course" => rng.Between(60, 200),
        "e-learning course" => rng.Between(4, 40),
        "webinar series" => rng.Between(4, 16),
        "summer school" => rng.Between(30, 80),
        _ => rng.Between(8, 40),
    };

    private ProgrammeInput Revise(ProgrammeInput current, DateTimeOffset at, Rng rng)
    {
        var standards = current.Standards!.ToList();
        if (rng.Chance(0.25)) standards.Add(rng.Pick(reference.Standards).Code);
        var baseSummary = current.Summary!.Split(" Revised in ")[0];
        return current with
        {
            Summary = $"{baseSummary} Revised in {at:yyyy} to follow the latest recommendations.",
            Standards = [.. standards.Distinct()],
            DurationHours = rng.Chance(0.4) ? Math.Clamp(current.DurationHours!.Value + rng.Between(-4, 8), 1, 5000) : current.DurationHours,
            PassMark = rng.Chance(0.3) ? rng.Pick<int?>([null, 50, 60, 70, 75]) : current.PassMark,
        };
    }

    private List<OfferingPlan> PlanOfferings(List<ProgrammePlan> programmes)
    {
        var rng = Rng.For(options.Seed, "offering-schedule");
        var total = OfferingCount;
        // Nearly all future offerings stay open (the rest are cancelled or already full): a small margin suffices.
        var future = Math.Min(total / 2, Math.Max((int)Math.Ceiling(OpenTarget * 1.1), (int)Math.Round(total * 0.10)));
        var firstFutureStart = Clock.DayOf(_now).AddDays(14);

        // Future offerings: programmes in force now. Past ones: any programme, in proportion to how long it could run.
        var futureEligible = new WeightedIndex(programmes
            .Select(p => p.RetiredAt is null && p.RegisteredAt < _now.AddDays(-14) ? p.Weight : 0).ToArray());
        var pastEligible = new WeightedIndex(programmes.Select(p => p.Weight * Math.Max(0, (LastPastStart(p).DayNumber - FirstStart(p).DayNumber))).ToArray());

        var plans = new List<OfferingPlan>(total);
        for (var i = 0; i < total; i++)
        {
            var isFuture = i < future;
            var programme = programmes[(isFuture ? futureEligible : pastEligible).Draw(rng)];
            var start = isFuture
                ? firstFutureStart.AddDays(rng.Next(LastStart.DayNumber - firstFutureStart.DayNumber + 1))
                : FirstStart(programme).AddDays(rng.Next(LastPastStart(programme).DayNumber - FirstStart(programme).DayNumber + 1));
            plans.Add(PlanOffering(i, programme, start, isFuture));
        }
        return plans;
    }

    private static DateOnly FirstStart(ProgrammePlan p) => Clock.DayOf(p.RegisteredAt).AddDays(21);

    private DateOnly LastPastStart(ProgrammePlan p)
    {
        var last = Clock.DayOf(_now).AddDays(13);
        if (p.RetiredAt is { } retired && Clock.DayOf(retired).AddDays(45) < last) last = Clock.DayOf(retired).AddDays(45);
        return last;
    }

    private OfferingPlan PlanOffering(int index, ProgrammePlan programme, DateOnly start, bool future)
    {
        var rng = Rng.For(options.Seed, "offering-plan", index);
        var input = programme.Input;
        var mode = rng.Pick(input.DeliveryModes!);
        var end = start.AddDays(mode switch
        {
            "in-person" => rng.Between(1, 5),
            "blended" => rng.Between(3, 15),
            "online" => rng.Between(1, 10),
            _ => rng.Between(20, 90),
        } - 1);
        var venue = mode is "in-person" or "blended" ? Venue(programme, rng) : null;
        var language = rng.Chance(0.6) ? input.Languages![0] : rng.Pick(input.Languages!);
        var capacity = rng.Between(15, 60);
        var startsAt = Clock.StartOf(start);

        DateTimeOffset scheduledAt;
        var mapped = false;
        if (future)
            scheduledAt = rng.Between(Clock.Max(programme.RegisteredAt.AddHours(1), _now.AddDays(-150)), _now.AddHours(-1));
        else if (Clock.StartOf(end).AddDays(10) < _now && rng.Chance(0.04)
                 && (programme.RetiredAt is null || programme.RetiredAt > Clock.StartOf(end).AddDays(2)))
        {
            // Delivered outside TrainingHub and mapped afterwards, with the participation the provider reports.
            mapped = true;
            var latest = Clock.Min(Clock.Min(Clock.StartOf(end).AddDays(400), _now.AddHours(-2)), (programme.RetiredAt ?? _now).AddHours(-2));
            scheduledAt = rng.Between(Clock.StartOf(end).AddDays(1), latest);
        }
        else
        {
            scheduledAt = startsAt.AddDays(-rng.Between(30, 180)).AddSeconds(rng.Between(8 * 3600, 18 * 3600));
            scheduledAt = Clock.Max(scheduledAt, programme.RegisteredAt.AddHours(1));
            if (programme.RetiredAt is { } retired) scheduledAt = Clock.Min(scheduledAt, retired.AddDays(-1));
            scheduledAt = Clock.Min(scheduledAt, _now.AddHours(-1));
        }

        DateTimeOffset? opensAt = null, closesAt = null;
        if (!mapped)
        {
            if (rng.Chance(0.4)) closesAt = Clock.StartOf(start.AddDays(-rng.Between(1, 10))).AddHours(rng.Between(12, 23));
            if (closesAt <= scheduledAt.AddDays(2)) closesAt = null;
            var close = Offering.EffectiveClose(start, closesAt);
            if (rng.Chance(0.55)) opensAt = scheduledAt.AddSeconds(rng.Between(0, 14 * 24 * 3600));
            if (opensAt >= close.AddDays(-2)) opensAt = null;
        }

        var plan = new OfferingPlan
        {
            Index = index, Id = Ids.Version7(scheduledAt, rng), Programme = programme, ScheduledAt = scheduledAt,
            Schedule = new ScheduleOffering(start, end, mode, venue, language, capacity, opensAt, closesAt),
            Future = future, Mapped = mapped,
        };
        if (mapped) return plan;

        var windowOpen = Clock.Max(scheduledAt, opensAt ?? scheduledAt).AddMinutes(1);
        if (rng.Chance(0.02)) PlanReschedule(plan, rng, ref windowOpen);
        var closeAt = plan.EffectiveClose;
        if (rng.Chance(0.03))
        {
            var earliest = windowOpen + (closeAt - windowOpen) * 0.3;
            var latest = Clock.Min(closeAt.AddHours(-1), _now.AddHours(-1));
            if (earliest.AddHours(1) < latest)
            {
                plan.CancelAt = rng.Between(earliest, latest);
                plan.CancelReason = rng.Pick(Vocabulary.CancellationReasons);
            }
        }
        plan.RaiseCapacityOnDemand = rng.Chance(0.2);

        plan.WindowOpen = windowOpen;
        plan.ArrivalsEnd = Clock.Min(Clock.Min(closeAt, plan.CancelAt ?? closeAt), _now);
        var window = (closeAt - windowOpen).TotalSeconds;
        plan.Fill = window < 3600 ? 0 : Math.Clamp((plan.ArrivalsEnd - windowOpen).TotalSeconds / window, 0, 1);
        // Most sessions fill partly; some are oversubscribed and grow a waitlist.
        var ratio = rng.NextDouble() switch
        {
            < 0.70 => rng.Between(0.25, 0.85),
            < 0.88 => rng.Between(0.85, 1.0),
            _ => rng.Between(1.0, 1.5),
        };
        plan.Demand = ratio * capacity;
        return plan;
    }

    /// <summary>Moved later by a few weeks shortly after scheduling, before enrolment started.</summary>
    private void PlanReschedule(OfferingPlan plan, Rng rng, ref DateTimeOffset windowOpen)
    {
        var shift = rng.Between(7, 35);
        var final = plan.Schedule;
        var original = final with
        {
            StartDate = final.StartDate!.Value.AddDays(-shift),
            EndDate = final.EndDate!.Value.AddDays(-shift),
            EnrolmentClosesAt = final.EnrolmentClosesAt?.AddDays(-shift),
        };
        var at = plan.ScheduledAt.AddSeconds(rng.Between(3600, 72 * 3600));
        var valid = new ValidationErrors().CheckDates(original.StartDate, original.EndDate, original.EnrolmentOpensAt,
            original.EnrolmentClosesAt).IsEmpty;
        if (!valid || at >= _now.AddHours(-1) || Clock.StartOf(original.StartDate!.Value) < plan.ScheduledAt.AddDays(7)
            || at.AddMinutes(1) >= plan.EffectiveClose.AddDays(-2)) return;
        plan.OriginalSchedule = original;
        plan.RescheduledAt = at;
        windowOpen = Clock.Max(windowOpen, at.AddMinutes(1));
    }

    private string Venue(ProgrammePlan programme, Rng rng)
    {
        var input = programme.Input;
        if (programme.Provider.HomeRegion is { } region && programme.ServedRegions.Contains(region) && rng.Chance(0.3))
            return Vocabulary.CommissionSeats[region];
        if (input.Countries!.Count > 0 && (programme.ServedRegions.Count == 0 || rng.Chance(0.75)))
            return rng.Pick(input.Countries!);
        return rng.Pick(CountriesByRegion[rng.Pick(programme.ServedRegions)]).Code;
    }

    /// <summary>
    /// Scales every offering's demand by one factor so that the arrivals add up to exactly the enrolment target
    /// (largest remainder rounding). Returns the factor.
    /// </summary>
    private double PlanArrivals(List<OfferingPlan> offerings)
    {
        var expected = offerings.Sum(o => o.Mapped ? 0 : o.Demand * o.Fill);
        if (expected <= 0) return 0;
        var scale = EnrolmentCount / expected;
        var exact = offerings.Select(o => o.Mapped ? 0 : o.Demand * o.Fill * scale).ToArray();
        for (var i = 0; i < offerings.Count; i++) offerings[i].Arrivals = (int)Math.Floor(exact[i]);
        var missing = EnrolmentCount - offerings.Sum(o => o.Arrivals);
        foreach (var i in Enumerable.Range(0, offerings.Count).OrderByDescending(i => exact[i] - Math.Floor(exact[i])).ThenBy(i => i).Take(missing))
            offerings[i].Arrivals++;
        return scale;
    }

    /// <summary>Shaped like the app's keys (ApiKeyAuthentication.NewKey) but seeded; nobody is told these keys.</summary>
    private static string RandomKey(Rng rng)
    {
        var bytes = new byte[32];
        for (var i = 0; i < bytes.Length; i += 8) BitConverter.TryWriteBytes(bytes.AsSpan(i), rng.NextUInt64());
        return "th_" + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static void Require(Microsoft.AspNetCore.Mvc.ProblemDetails problem, string what)
    {
        if (!problem.IsNone())
            throw new InvalidOperationException($"Generated {what} breaks the app's rules: {problem.Title}: {problem.Detail}");
    }
}
