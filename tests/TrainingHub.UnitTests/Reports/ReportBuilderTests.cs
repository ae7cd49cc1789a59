using TrainingHub.Catalogue;
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
        int capacity = 10, int confirmed = 0, int waitlisted = 0, bool cancelled = false) =>
        new(AsOf, DateOnly.FromDateTime(AsOf.UtcDateTime).AddDays(startInDays),
            DateOnly.FromDateTime(AsOf.UtcDateTime).AddDays(startInDays + days - 1), venue is null ? "online" : "in-person",
            venue, language, capacity, cancelled, confirmed, waitlisted, 0, 0, [], new Dictionary<string, int>(),
            new Dictionary<string, int>(), 0, 0, new Dictionary<string, ScoreTally>(), null);

    private static ScopedOffering Scoped(ProgrammeVersion programme, OfferingVersion offering) =>
        new(Guid.NewGuid(), Guid.NewGuid(), programme.ProviderId, offering, programme,
            offering.VenueCountry is { } v ? Reference.RegionsOf(v) : programme.ServedRegions);

    private static ScopedData Data(params ScopedOffering[] offerings) =>
        new(new ReportScope(AsOf, new DateOnly(2024, 1, 1), new DateOnly(2028, 1, 1), null, null, null, null, null),
            offerings, offerings.ToDictionary(o => o.ProgrammeId, o => o.Programme), new Dictionary<Guid, string>());

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
    public void An_online_offering_overlaps_where_the_regions_intersect()
    {
        var inKazakhstan = Scoped(Programme(ProviderA), Offering(10));
        var onlineForAsia = Scoped(Programme(ProviderB, regions: ["ESCAP"]), Offering(12, venue: null));
        var onlineForAfrica = Scoped(Programme(ProviderB, regions: ["ECA"]), Offering(12, venue: null));

        Assert.Single(OverlapsReportBuilder.Build(Data(inKazakhstan, onlineForAsia), 90, 0.5).Pairs);
        Assert.Empty(OverlapsReportBuilder.Build(Data(inKazakhstan, onlineForAfrica), 90, 0.5).Pairs);
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
