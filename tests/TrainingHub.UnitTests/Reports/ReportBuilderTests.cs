using TrainingHub.Catalogue;
using TrainingHub.Offerings;
using TrainingHub.Reference;
using TrainingHub.Reports;

namespace TrainingHub.UnitTests.Reports;

public class ReportBuilderTests
{
    private static readonly ReferenceData Reference = ReferenceData.Current;
    private static readonly DateTimeOffset AsOf = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid ProviderA = Guid.NewGuid(), ProviderB = Guid.NewGuid();

    private static ProgrammeVersion Programme(Guid provider, string level = "intermediate", string[]? standards = null,
        string[]? disciplines = null, string[]? regions = null) =>
        new(AsOf.AddDays(-100), provider, "P", level, disciplines ?? ["demography"], standards ?? ["EGMS-CF-2021"],
            regions ?? ["ECE", "ESCAP"], false);

    private static OfferingVersion Offering(int startInDays, int days = 3, string? venue = "KAZ", string language = "ru",
        int capacity = 10, int confirmed = 0, int waitlisted = 0, bool cancelled = false, string[]? completedIn = null,
        Dictionary<string, ScoreTally>? scores = null) =>
        new(AsOf, DateOnly.FromDateTime(AsOf.UtcDateTime).AddDays(startInDays),
            DateOnly.FromDateTime(AsOf.UtcDateTime).AddDays(startInDays + days - 1), venue is null ? "online" : "in-person",
            venue, language, capacity, cancelled, confirmed, waitlisted, completedIn?.Length ?? 0, 0, completedIn ?? [],
            new Dictionary<string, int>(), new Dictionary<string, int>(), 0, 0, scores ?? [], null);

    private static ScopedOffering Scoped(ProgrammeVersion programme, OfferingVersion offering) =>
        ScopedOffering.Of(Guid.NewGuid(), programme.ProviderId, offering,
            ScopedProgramme.Of(Guid.NewGuid(), programme, Reference.Ordinals), Reference.Ordinals);

    private static ScopedData Data(params ScopedOffering[] offerings) =>
        new(new ReportScope(AsOf, new DateOnly(2024, 1, 1), new DateOnly(2028, 1, 1), null, null, null, null, null),
            new Freshness(0, null, 0, UpToDate: true), offerings, offerings.DistinctBy(o => o.ProgrammeId).ToDictionary(o => o.ProgrammeId, o => o.Programme), new Dictionary<Guid, string>());

    [Fact]
    public void Means_round_to_two_places_and_rates_to_four_half_away_from_zero()
    {
        // 1/8 = 0.125 and 1/32 = 0.03125 are exact in binary: true midpoints, where banker's rounding would go down.
        Assert.Equal(new double?[] { 0.13, -0.13, null }, new[] { ReportData.Mean(1, 8), ReportData.Mean(-1, 8), ReportData.Mean(5, 0) });
        Assert.Equal(new double?[] { 0.0313, 0.6667, null }, new[] { ReportData.Ratio(1, 32), ReportData.Ratio(2, 3), ReportData.Ratio(1, 0) });
    }

    [Fact]
    public void Cell_status_is_uncovered_oversubscribed_thin_or_covered()
    {
        var full = Scoped(Programme(ProviderA), Offering(10, capacity: 2, confirmed: 2, waitlisted: 1));
        var report = GapsReportBuilder.Build(Data(full), Reference, "discipline", 2);
        string Status(string region, string value) =>
            report.Cells.Single(c => c.Region == region && c.Value == value).Status;

        Assert.Equal("oversubscribed", Status("ECE", "demography"));
        Assert.Equal("uncovered", Status("ECA", "demography"));

        var two = GapsReportBuilder.Build(Data(Scoped(Programme(ProviderA), Offering(10)), Scoped(Programme(ProviderB), Offering(20))),
            Reference, "discipline", 2);
        Assert.Equal("covered", two.Cells.Single(c => c.Region == "ECE" && c.Value == "demography").Status);
        var strict = GapsReportBuilder.Build(Data(Scoped(Programme(ProviderA), Offering(10))), Reference, "discipline", 2);
        Assert.Equal("thin", strict.Cells.Single(c => c.Region == "ECE" && c.Value == "demography").Status);
    }

    [Fact]
    public void Cancelled_offerings_never_count_as_supply()
    {
        var report = GapsReportBuilder.Build(Data(Scoped(Programme(ProviderA), Offering(10, cancelled: true))), Reference, "level", 1);
        Assert.All(report.Cells, c => Assert.Equal("uncovered", c.Status));
    }

    [Fact]
    public void Countries_named_by_reported_participation_count_as_reached_and_show_apart()
    {
        var tracked = Scoped(Programme(ProviderA), Offering(10, completedIn: ["KAZ"]));
        var reported = Scoped(Programme(ProviderB), Offering(20, venue: null) with
        {
            Reported = new ParticipationReported(Guid.NewGuid(), 30, 12, 25, 20,
                new Dictionary<string, int> { ["KGZ"] = 18, ["KAZ"] = 12 }),
        });

        var egms = StandardsCoverageReportBuilder.Build(Data(tracked, reported), Reference).Standards
            .Single(s => s.Standard == "EGMS-CF-2021");

        Assert.Equal(["KAZ", "KGZ"], egms.CountriesReached);
        Assert.Equal((2, 30, 25), (egms.Reported.Countries, egms.Reported.Participants, egms.Reported.Completed));
        var gaps = GapsReportBuilder.Build(Data(tracked, reported), Reference, "discipline", 1);
        Assert.Equal(2, gaps.Cells.Single(c => c is { Region: "ECE", Value: "demography" }).CountriesReached);
        Assert.DoesNotContain("KGZ", gaps.Regions.Single(r => r.Region == "ECE").MembersWithoutCompletedTrainee);
    }

    [Fact]
    public void Gaps_by_audience_count_each_audience_a_programme_names_and_none_for_versions_without_audiences()
    {
        var forOffices = Scoped(Programme(ProviderA) with { TargetAudiences = ["nso", "ministry"] }, Offering(10));
        var projectedBefore = Scoped(Programme(ProviderB), Offering(20));

        var cells = GapsReportBuilder.Build(Data(forOffices, projectedBefore), Reference, "audience", 1).Cells;

        Assert.Equal(Reference.AudienceCodes.Count * Reference.Regions.Count, cells.Count);
        Assert.Equal(1, cells.Single(c => c is { Region: "ECE", Value: "nso" }).Offerings);
        Assert.Equal(1, cells.Single(c => c is { Region: "ESCAP", Value: "ministry" }).Offerings);
        Assert.Equal(0, cells.Single(c => c is { Region: "ECE", Value: "academia" }).Offerings);
        Assert.Equal(2, cells.Where(c => c.Region == "ECE").Sum(c => c.Offerings));
    }

    [Fact]
    public void Overlap_needs_different_providers_same_level_and_language_nearby_dates_same_place_and_similar_standards()
    {
        var a = Scoped(Programme(ProviderA, standards: ["UN-RSIM-R1", "EGMS-CF-2021"]), Offering(10));
        var b = Scoped(Programme(ProviderB), Offering(100));
        Assert.Single(OverlapsReportBuilder.Build(Data(a, b), 90, 0.5).Pairs);

        Assert.Empty(OverlapsReportBuilder.Build(Data(a, b), 80, 0.5).Pairs);
        Assert.Empty(OverlapsReportBuilder.Build(Data(a, b), 90, 0.6).Pairs);
        Assert.Empty(OverlapsReportBuilder.Build(Data(a, Scoped(Programme(ProviderA), Offering(20))), 90, 0.5).Pairs);
        Assert.Empty(OverlapsReportBuilder.Build(Data(a, Scoped(Programme(ProviderB, level: "basic"), Offering(20))), 90, 0.5).Pairs);
        Assert.Empty(OverlapsReportBuilder.Build(Data(a, Scoped(Programme(ProviderB), Offering(20, language: "en"))), 90, 0.5).Pairs);
        Assert.Empty(OverlapsReportBuilder.Build(Data(a, Scoped(Programme(ProviderB), Offering(20, venue: "UZB"))), 90, 0.5).Pairs);
    }

    [Fact]
    public void Overlap_scan_finds_a_long_offering_overlapping_later_ones_and_lists_only_the_first_limit_pairs()
    {
        var longCourse = Scoped(Programme(ProviderA), Offering(0, days: 200));
        var later = Enumerable.Range(0, 5).Select(i => Scoped(Programme(ProviderB), Offering(150 + i * 10))).ToArray();
        var farAway = Scoped(Programme(ProviderB), Offering(400));

        var report = OverlapsReportBuilder.Build(Data([longCourse, .. later, farAway]), 30, 0.5, limit: 2);

        Assert.Equal(5, report.TotalPairs);
        Assert.Equal(2, report.Pairs.Count);
        Assert.All(report.Pairs, p => Assert.Equal(longCourse.OfferingId, p.First.OfferingId));
        Assert.Equal(5, Assert.Single(report.ProviderPairs).Pairs);
    }

    [Fact]
    public void Overlap_scan_finds_exactly_the_pairs_a_comparison_of_every_two_offerings_finds()
    {
        // Random worlds dense in near-duplicates; the expected pairs come from the definition, tested on every two.
        var random = new Random(20261202);
        string[] standards = [.. Reference.StandardCodes.Order(StringComparer.Ordinal).Take(5)],
            disciplines = [.. Reference.DisciplineCodes.Order(StringComparer.Ordinal).Take(4)];
        string?[] venues = ["KAZ", "UZB", "FRA", "MEX", null, null];
        string[][] served = [["ECE"], ["ESCAP"], ["ECE", "ESCAP"], ["ECLAC"]];
        var providers = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToArray();
        string[] Some(string[] codes, int max) => [.. codes.Where(_ => random.Next(codes.Length) < max)];
        for (var world = 0; world < 20; world++)
        {
            var offerings = Enumerable.Range(0, 150).Select(_ =>
            {
                var programme = Programme(providers[random.Next(providers.Length)], level: random.Next(2) == 0 ? "basic" : "intermediate",
                    // Now and then a code the reference data no longer knows: compared on the codes themselves.
                    standards: random.Next(3) == 0 ? [] : random.Next(12) == 0 ? [.. Some(standards, 2), "RETIRED-CODE"] : Some(standards, 2),
                    disciplines: random.Next(12) == 0 ? [.. Some(disciplines, 2), "retired-discipline"] : Some(disciplines, 2),
                    regions: served[random.Next(served.Length)]) with
                {
                    // Now and then a joint programme: never an overlap with its co-organisers' offerings.
                    CoOrganisers = random.Next(6) == 0 ? [providers[random.Next(providers.Length)]] : null,
                };
                return Scoped(programme, Offering(random.Next(300), days: 1 + random.Next(20), venue: venues[random.Next(venues.Length)],
                    language: random.Next(3) == 0 ? "en" : "ru", cancelled: random.Next(10) == 0));
            }).ToArray();
            var (withinDays, minSimilarity) = (random.Next(10, 60), random.Next(2) == 0 ? 0.5 : 0.3);

            var expected = new List<(Guid, Guid)>();
            for (var i = 0; i < offerings.Length; i++)
            for (var j = i + 1; j < offerings.Length; j++)
            {
                var (a, b) = (offerings[i], offerings[j]);
                var (pa, pb, oa, ob) = (a.Programme.Version, b.Programme.Version, a.Offering, b.Offering);
                var samePlace = oa.VenueCountry is not null && ob.VenueCountry is not null
                    ? oa.VenueCountry == ob.VenueCountry
                    : (a.Regions & b.Regions) != 0;
                var similarity = OverlapsReportBuilder.Similarity(pa, pb).Similarity;
                if (a.IsSupply && b.IsSupply && !pa.Organisers.Intersect(pb.Organisers).Any() && pa.Level == pb.Level && oa.Language == ob.Language
                    && OverlapsReportBuilder.DaysApart(oa, ob) <= withinDays && samePlace && similarity >= minSimilarity && similarity > 0)
                    expected.Add(a.OfferingId.CompareTo(b.OfferingId) < 0 ? (a.OfferingId, b.OfferingId) : (b.OfferingId, a.OfferingId));
            }

            var report = OverlapsReportBuilder.Build(Data(offerings), withinDays, minSimilarity, limit: 100_000);
            var found = report.Pairs.Select(p => p.First.OfferingId.CompareTo(p.Second.OfferingId) < 0
                ? (p.First.OfferingId, p.Second.OfferingId) : (p.Second.OfferingId, p.First.OfferingId)).ToList();
            Assert.Equal(expected.Count, report.TotalPairs);
            Assert.Equal(expected.Order(), found.Order());
            Assert.True(expected.Count > 10, $"world {world}: only {expected.Count} pairs");
        }
    }

    [Fact]
    public void Offerings_of_programmes_sharing_an_organiser_are_never_a_cross_provider_overlap()
    {
        var byA = Scoped(Programme(ProviderA), Offering(10));
        var byB = Scoped(Programme(ProviderB), Offering(12));
        var jointWithA = Scoped(Programme(ProviderB) with { CoOrganisers = [ProviderA] }, Offering(12));
        var jointWithOthers = Scoped(Programme(ProviderB) with { CoOrganisers = [Guid.NewGuid()] }, Offering(12));
        var bothJoint = Scoped(Programme(Guid.NewGuid()) with { CoOrganisers = [ProviderB] }, Offering(12));

        Assert.Equal(1, OverlapsReportBuilder.Build(Data(byA, byB), 30, 0.5).TotalPairs);
        Assert.Equal(0, OverlapsReportBuilder.Build(Data(byA, jointWithA), 30, 0.5).TotalPairs);
        Assert.Equal(1, OverlapsReportBuilder.Build(Data(byA, jointWithOthers), 30, 0.5).TotalPairs);
        // Co-organised by B on both sides (lead on one, partner on the other): coordinated, not duplicated.
        Assert.Equal(0, OverlapsReportBuilder.Build(Data(jointWithOthers, bothJoint), 30, 0.5).TotalPairs);
    }

    [Fact]
    public void Funders_pay_for_a_programme_without_organising_it()
    {
        var donor = Guid.NewGuid();
        var partners = new[] { new ProgrammePartner(ProviderB, "co-organiser"), new ProgrammePartner(donor, PartnerRoles.Funder),
            new ProgrammePartner(ProviderB, "host") };
        Assert.Equal([ProviderA, ProviderB], PartnerRoles.Organisers(ProviderA, partners));
    }

    [Fact]
    public void A_joint_programme_s_offerings_count_for_each_organiser_by_provider_and_once_by_programme()
    {
        var joint = Programme(ProviderA) with { CoOrganisers = [ProviderB] };
        var jointProgramme = ScopedProgramme.Of(Guid.NewGuid(), joint, Reference.Ordinals);
        var offerings = new[]
        {
            ScopedOffering.Of(Guid.NewGuid(), ProviderA, Offering(-30, capacity: 20, confirmed: 10), jointProgramme, Reference.Ordinals),
            ScopedOffering.Of(Guid.NewGuid(), ProviderA, Offering(-10, capacity: 10, cancelled: true), jointProgramme, Reference.Ordinals),
            Scoped(Programme(ProviderB), Offering(-20, capacity: 15, confirmed: 5)),
        };
        var data = Data(offerings);

        var byProvider = EffectivenessReportBuilder.Lines(data, "provider").ToDictionary(l => l.Id);
        Assert.Equal((2, 1, 20, 10), (byProvider[ProviderA].OfferingsScheduled, byProvider[ProviderA].OfferingsCancelled,
            byProvider[ProviderA].Seats, byProvider[ProviderA].Confirmed));
        Assert.Equal((3, 1, 35, 15), (byProvider[ProviderB].OfferingsScheduled, byProvider[ProviderB].OfferingsCancelled,
            byProvider[ProviderB].Seats, byProvider[ProviderB].Confirmed));
        var byProgramme = EffectivenessReportBuilder.Lines(data, "programme");
        Assert.Equal(2, byProgramme.Length);
        Assert.Equal(3, byProgramme.Sum(l => l.OfferingsScheduled));
    }

    [Fact]
    public void An_online_offering_overlaps_where_the_regions_intersect()
    {
        var inKazakhstan = Scoped(Programme(ProviderA), Offering(10));
        var onlineForAsia = Scoped(Programme(ProviderB, regions: ["ESCAP"]), Offering(12, venue: null));
        var onlineForAfrica = Scoped(Programme(ProviderB, regions: ["ECA"]), Offering(12, venue: null));

        Assert.Single(OverlapsReportBuilder.Build(Data(inKazakhstan, onlineForAsia), 90, 0.5).Pairs);
        Assert.Empty(OverlapsReportBuilder.Build(Data(inKazakhstan, onlineForAfrica), 90, 0.5).Pairs);
    }

    [Fact]
    public void A_pair_sharing_several_regions_counts_once_and_provider_pairs_list_only_the_first_limit()
    {
        var providerC = Guid.NewGuid();
        var inKazakhstan = Scoped(Programme(ProviderA), Offering(10)); // Kazakhstan is in ECE and ESCAP
        var onlineB = Scoped(Programme(ProviderB, regions: ["ECE", "ESCAP"]), Offering(12, venue: null));
        var onlineC = Scoped(Programme(providerC, regions: ["ECE", "ESCAP"]), Offering(14, venue: null));
        var inAlmatyToo = Scoped(Programme(providerC), Offering(30));

        // Every two of different providers: all but C's two offerings.
        var all = OverlapsReportBuilder.Build(Data(inKazakhstan, onlineB, onlineC, inAlmatyToo), 90, 0.5);
        Assert.Equal(5, all.TotalPairs);
        Assert.Equal(5, all.Pairs.Select(p => (p.First.OfferingId, p.Second.OfferingId)).Distinct().Count());
        Assert.All(all.Pairs, p => Assert.True(p.First.StartDate <= p.Second.StartDate));

        var limited = OverlapsReportBuilder.Build(Data(inKazakhstan, onlineB, onlineC, inAlmatyToo), 90, 0.5, limit: 1);
        Assert.Equal((5, 1), (limited.TotalPairs, limited.Pairs.Count));
        Assert.Equal(3, limited.TotalProviderPairs);
        Assert.Equal(all.ProviderPairs[0], Assert.Single(limited.ProviderPairs));
        Assert.Equal([2, 2, 1], all.ProviderPairs.Select(p => p.Pairs));
    }

    [Fact]
    public void Gaps_count_each_country_reached_once_per_cell_and_list_members_never_reached()
    {
        var first = Scoped(Programme(ProviderA), Offering(10, completedIn: ["KAZ", "UZB"]));
        var second = Scoped(Programme(ProviderB), Offering(20, venue: "UZB", completedIn: ["UZB", "ARM"]));

        var report = GapsReportBuilder.Build(Data(first, second), Reference, "discipline", 1);

        var cell = report.Cells.Single(c => c.Region == "ECE" && c.Value == "demography");
        Assert.Equal((2, 3, 4), (cell.Offerings, cell.CountriesReached, cell.Completed));
        Assert.Equal(0, report.Cells.Single(c => c.Region == "ECA" && c.Value == "demography").CountriesReached);
        var ece = report.Regions.Single(r => r.Region == "ECE").MembersWithoutCompletedTrainee;
        Assert.DoesNotContain("KAZ", ece);
        Assert.DoesNotContain("ARM", ece);
        Assert.Contains("FRA", ece);
    }

    [Fact]
    public void Coverage_reaches_sorted_countries_and_regions_and_scores_only_standards_the_programme_names()
    {
        var first = Scoped(Programme(ProviderA, standards: ["EGMS-CF-2021"]), Offering(10, completedIn: ["UZB", "KAZ"],
            scores: new() { ["EGMS-CF-2021"] = new ScoreTally(160, 2), ["UN-RSIM-R1"] = new ScoreTally(10, 1) }));
        var second = Scoped(Programme(ProviderB, standards: ["EGMS-CF-2021"], regions: ["ESCAP"]),
            Offering(20, venue: null, completedIn: ["ARM"], scores: new() { ["EGMS-CF-2021"] = new ScoreTally(90, 1) }));

        var report = StandardsCoverageReportBuilder.Build(Data(first, second), Reference);

        var egms = report.Standards.Single(s => s.Standard == "EGMS-CF-2021");
        Assert.Equal(["ARM", "KAZ", "UZB"], egms.CountriesReached);
        Assert.Equal(["ECE", "ESCAP"], egms.RegionsReached);
        Assert.Equal((2, 3, 83.33), (egms.Programmes, egms.ScoredAssessments, egms.MeanStandardScore));
        Assert.Equal(Math.Round(3.0 / report.MemberCountriesInScope, 4), egms.Coverage);
        var rsim = report.Standards.Single(s => s.Standard == "UN-RSIM-R1");
        Assert.Equal((0, 0, null), (rsim.Offerings, rsim.ScoredAssessments, rsim.MeanStandardScore));
    }

    [Fact]
    public void Coverage_counts_a_retired_programmes_offerings_and_results_but_not_the_programme()
    {
        var live = Scoped(Programme(ProviderA), Offering(10, capacity: 10, confirmed: 4, completedIn: ["KAZ"]));
        var retired = Scoped(Programme(ProviderB) with { Retired = true },
            Offering(20, capacity: 6, confirmed: 5, completedIn: ["UZB"]));

        var egms = StandardsCoverageReportBuilder.Build(Data(live, retired), Reference).Standards
            .Single(s => s.Standard == "EGMS-CF-2021");

        Assert.Equal((1, 2, 16, 9, 2), (egms.Programmes, egms.Offerings, egms.Seats, egms.Confirmed, egms.Completed));
        Assert.Equal(["KAZ", "UZB"], egms.CountriesReached);
    }

    private static EffectivenessLine Line(string name, double? fillRate) =>
        new(Guid.NewGuid(), name, 1, 0, 0, 0, 10, 0, fillRate, 0, null, 0, null, null, 0, new Dictionary<string, int>(),
            new Dictionary<string, int>(), new ReportedFigures(0, 0, 0, 0), NoEvaluation);

    private static readonly EvaluationPart NoAnswers = new(0, null, 0, 0, null, null);
    private static readonly EvaluationLine NoEvaluation = new(0, null, null, 0, null, null, null, NoAnswers, NoAnswers);

    [Fact]
    public void Effectiveness_lines_sort_by_a_figure_with_lines_lacking_it_last_and_ties_by_name()
    {
        EffectivenessLine[] lines = [Line("B", null), Line("D", 0.5), Line("C", 0.9), Line("A", 0.5)];
        string Names(string sort, bool descending) => string.Concat(EffectivenessOrder.Sorted(lines, sort, descending).Select(l => l.Name));

        Assert.Equal("CADB", Names("fillRate", descending: true));
        Assert.Equal("ADCB", Names("fillRate", descending: false));
        Assert.Equal("ABCD", Names("name", descending: false));
        Assert.Equal("DCBA", Names("name", descending: true));
        Assert.Equal(("desc", "asc"), (EffectivenessOrder.DefaultOrder("passRate"), EffectivenessOrder.DefaultOrder("name")));
    }

    [Fact]
    public void Similarity_is_jaccard_on_standards_or_on_disciplines_when_neither_has_standards()
    {
        var (jaccard, basis, shared) = OverlapsReportBuilder.Similarity(
            Programme(ProviderA, standards: ["A", "B", "C"]), Programme(ProviderB, standards: ["B", "C", "D"]));
        Assert.Equal((0.5, "standards"), (jaccard, basis));
        Assert.Equal(["B", "C"], shared);

        var byDisciplines = OverlapsReportBuilder.Similarity(
            Programme(ProviderA, standards: [], disciplines: ["demography", "economics"]),
            Programme(ProviderB, standards: [], disciplines: ["demography"]));
        Assert.Equal((0.5, "disciplines"), (byDisciplines.Similarity, byDisciplines.Basis));

        Assert.Equal(0, OverlapsReportBuilder.Similarity(Programme(ProviderA, standards: []), Programme(ProviderB)).Similarity);
    }

    [Fact]
    public void Days_apart_is_zero_for_intersecting_ranges()
    {
        Assert.Equal(0, OverlapsReportBuilder.DaysApart(Offering(10, days: 5), Offering(12)));
        Assert.Equal(6, OverlapsReportBuilder.DaysApart(Offering(10, days: 5), Offering(20)));
    }

    [Fact]
    public void The_version_in_force_is_the_last_one_recorded_at_or_before_the_instant()
    {
        var versions = new List<ProgrammeVersion>();
        var first = Programme(ProviderA) with { From = AsOf.AddDays(-10) };
        Timeline.Record(versions, first, v => v.From);
        Timeline.Record(versions, first with { Title = "same instant, replaces" }, v => v.From);
        Timeline.Record(versions, first with { From = AsOf, Title = "later" }, v => v.From);

        Assert.Equal(2, versions.Count);
        Assert.Null(Timeline.At(versions, v => v.From, AsOf.AddDays(-11)));
        Assert.Equal("same instant, replaces", Timeline.At(versions, v => v.From, AsOf.AddDays(-1))!.Title);
        Assert.Equal("later", Timeline.At(versions, v => v.From, AsOf)!.Title);
    }
}
