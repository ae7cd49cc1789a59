using TrainingHub.Needs;
using TrainingHub.Offerings;
using TrainingHub.Reference;
using TrainingHub.Reports;

namespace TrainingHub.UnitTests.Reports;

/// <summary>
/// A hand-checked world. Programme P (intermediate; EGMS; demography; serves ECE and ESCAP) runs: O1 in Kazakhstan in
/// Russian (10 seats), O2 in Kazakhstan in English (20), O3 online in Russian (5), O4 in Kazakhstan after the need's
/// deadline (7), O5 cancelled (100), O6 before the need was recorded (9). Programme Q (basic; EGMS) runs O7 in
/// Kazakhstan (50). Programme R (intermediate; no standard; demography) runs O8 in Kyrgyzstan (12).
/// </summary>
public class NeedsSupplyReportBuilderTests
{
    private static readonly ReferenceData Reference = ReferenceData.Current;
    private static readonly DateTimeOffset AsOf = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Recorded = AsOf.AddDays(-1);
    private static readonly Guid Provider = Guid.NewGuid();

    private static ScopedProgramme Programme(string level, string[] standards, string[] disciplines) =>
        ScopedProgramme.Of(Guid.NewGuid(), new ProgrammeVersion(AsOf.AddDays(-100), Provider, "P", level, disciplines,
            standards, ["ECE", "ESCAP"], false), Reference.Ordinals);

    private static ScopedOffering Offering(ScopedProgramme programme, int startInDays, string? venue, string language,
        int capacity, bool cancelled = false)
    {
        var start = DateOnly.FromDateTime(AsOf.UtcDateTime).AddDays(startInDays);
        return ScopedOffering.Of(Guid.NewGuid(), Provider, new OfferingVersion(AsOf, start, start.AddDays(2),
            venue is null ? "online" : "in-person", venue, language, capacity, cancelled, 0, 0, 0, 0, [],
            new Dictionary<string, int>(), new Dictionary<string, int>(), 0, 0, new Dictionary<string, ScoreTally>(), null),
            programme, Reference.Ordinals);
    }

    private static readonly ScopedProgramme P = Programme("intermediate", ["EGMS-CF-2021"], ["demography"]);
    private static readonly ScopedProgramme Q = Programme("basic", ["EGMS-CF-2021"], ["demography"]);
    private static readonly ScopedProgramme R = Programme("intermediate", [], ["demography"]);

    private static readonly ScopedOffering O1 = Offering(P, 10, "KAZ", "ru", 10), O2 = Offering(P, 20, "KAZ", "en", 20),
        O3 = Offering(P, 30, null, "ru", 5), O4 = Offering(P, 400, "KAZ", "ru", 7), O5 = Offering(P, 15, "KAZ", "ru", 100, cancelled: true),
        O6 = Offering(P, -5, "KAZ", "ru", 9), O7 = Offering(Q, 12, "KAZ", "ru", 50), O8 = Offering(R, 15, "KGZ", "ru", 12);

    private static ScopedData Data() => new(
        new ReportScope(AsOf, new DateOnly(2024, 1, 1), new DateOnly(2028, 1, 1), null, null, null, null, null),
        new Freshness(0, null, 0, UpToDate: true), [O6, O1, O7, O5, O8, O2, O3, O4],
        new[] { P, Q, R }.ToDictionary(p => p.Id), new Dictionary<Guid, string>());

    private static NeedTimeline Timeline(NeedDetails details, params (int Days, string Status)[] changes)
    {
        var timeline = new NeedTimeline { Id = Guid.NewGuid(), RecordedAt = Recorded };
        timeline.Versions.Add(new NeedVersion(Recorded, details, NeedStatus.Open));
        foreach (var (days, status) in changes) timeline.Versions.Add(new NeedVersion(Recorded.AddDays(days), details, status));
        return timeline;
    }

    private static NeedDetails Need(string country, string[] standards, string[]? disciplines = null, string? level = null,
        string[]? languages = null, int trainees = 10, DateOnly? neededBy = null) =>
        new(country, standards, disciplines ?? [], level, ["nso"], languages ?? [], trainees, "high", neededBy, "request", null, null);

    private static readonly NeedTimeline Kazakhstan = Timeline(Need("KAZ", ["EGMS-CF-2021"], level: "intermediate",
        languages: ["ru"], trainees: 40, neededBy: DateOnly.FromDateTime(AsOf.UtcDateTime).AddDays(300)));
    private static readonly NeedTimeline Kyrgyzstan = Timeline(Need("KGZ", [], ["demography"]));
    private static readonly NeedTimeline Uzbekistan = Timeline(Need("UZB", ["UN-RSIM-R1"], trainees: 5));
    private static readonly NeedTimeline Withdrawn = Timeline(Need("KAZ", ["EGMS-CF-2021"]), (0, NeedStatus.Withdrawn));
    private static readonly NeedTimeline MarkedMet = Timeline(Need("UZB", ["UN-RSIM-R1"], trainees: 8), (0, NeedStatus.Met));

    private static (IReadOnlyList<NeedSupplyLine> Lines, IReadOnlyList<NeedSupplyCell> Cells, NeedsSupplyTotals Totals) Report(
        string dimension = "standard")
    {
        var data = Data();
        var needs = NeedsSupplyReportBuilder.InScope([Kazakhstan, Kyrgyzstan, Uzbekistan, Withdrawn, MarkedMet], data.Scope, Reference);
        return NeedsSupplyReportBuilder.Build(data, needs, Reference, dimension);
    }

    [Fact]
    public void A_need_is_served_by_offerings_in_its_country_level_codes_languages_and_time()
    {
        var kazakhstan = Report().Lines.Single(l => l.NeedId == Kazakhstan.Id);

        // O1 (in Kazakhstan) and O3 (online, serving ECE); not O2 (English), O4 (after the deadline), O5 (cancelled),
        // O6 (before the need was recorded), O7 (basic level), O8 (Kyrgyzstan).
        Assert.Equal([O1.OfferingId, O3.OfferingId], kazakhstan.FirstServingOfferings);
        Assert.Equal((2, 15, 25, NeedSupplyStatus.PartlyMet), (kazakhstan.ServingOfferings, kazakhstan.SeatsOffered,
            kazakhstan.UnmetTrainees, kazakhstan.Status));
    }

    [Fact]
    public void A_need_naming_no_standard_is_served_on_its_disciplines_and_at_any_level()
    {
        var kyrgyzstan = Report().Lines.Single(l => l.NeedId == Kyrgyzstan.Id);

        // O8 in Kyrgyzstan and O3 online for ECE, both teaching demography: 12 + 5 seats for 10 trainees.
        Assert.Equal([O8.OfferingId, O3.OfferingId], kyrgyzstan.FirstServingOfferings);
        Assert.Equal((17, 0, NeedSupplyStatus.Met), (kyrgyzstan.SeatsOffered, kyrgyzstan.UnmetTrainees, kyrgyzstan.Status));
    }

    [Fact]
    public void Withdrawn_needs_leave_the_report_and_a_need_marked_met_counts_as_met()
    {
        var (lines, _, totals) = Report();

        Assert.DoesNotContain(lines, l => l.NeedId == Withdrawn.Id);
        var marked = lines.Single(l => l.NeedId == MarkedMet.Id);
        Assert.Equal((true, 0, 0, NeedSupplyStatus.Met), (marked.MarkedMet, marked.SeatsOffered, marked.UnmetTrainees, marked.Status));
        var uzbekistan = lines.Single(l => l.NeedId == Uzbekistan.Id);
        Assert.Equal((0, 5, NeedSupplyStatus.Unmet), (uzbekistan.SeatsOffered, uzbekistan.UnmetTrainees, uzbekistan.Status));
        Assert.Equal(new NeedsSupplyTotals(4, 40 + 10 + 5 + 8, 25 + 5, 1, 1, 2), totals);
    }

    [Fact]
    public void Before_a_need_was_recorded_it_is_not_in_the_report()
    {
        var data = Data() with { Scope = Data().Scope with { AsOf = Recorded.AddTicks(-1) } };
        Assert.Empty(NeedsSupplyReportBuilder.InScope([Kazakhstan], data.Scope, Reference));
    }

    [Fact]
    public void Cells_add_needs_per_region_and_value_and_show_supply_without_a_need()
    {
        var cells = Report().Cells;

        var egms = cells.Single(c => c is { Region: "ECE", Value: "EGMS-CF-2021" });
        // Needs: Kazakhstan's only (40 trainees, 25 unmet; O1 + O3 serve it). Supply counting in ECE teaching EGMS: O1,
        // O2, O3, O4, O6, O7 (O5 is cancelled): 10 + 20 + 5 + 7 + 9 + 50 seats.
        Assert.Equal((1, 40, 2, 15, 25, 6, 101, NeedSupplyStatus.PartlyMet), (egms.Needs, egms.TraineesNeeded,
            egms.ServingOfferings, egms.ServingSeats, egms.UnmetTrainees, egms.SupplyOfferings, egms.SupplySeats, egms.Status));
        // Uzbekistan's two needs: one unmet (5), one marked met (8): part of the trainees are covered.
        var rsim = cells.Single(c => c is { Region: "ECE", Value: "UN-RSIM-R1" });
        Assert.Equal((2, 13, 5, 0, NeedSupplyStatus.PartlyMet), (rsim.Needs, rsim.TraineesNeeded, rsim.UnmetTrainees,
            rsim.SupplyOfferings, rsim.Status));

        var demography = Report("discipline").Cells.Single(c => c is { Region: "ECE", Value: "demography" });
        Assert.Equal((1, 10, 0, NeedSupplyStatus.Met), (demography.Needs, demography.TraineesNeeded, demography.UnmetTrainees,
            demography.Status));
        // Every need in force names the audience "nso"; these programmes name no audience, so no supply shows by audience.
        var offices = Report("audience").Cells.Single(c => c is { Region: "ECE", Value: "nso" });
        Assert.Equal((4, 63, 30, 0), (offices.Needs, offices.TraineesNeeded, offices.UnmetTrainees, offices.SupplyOfferings));
        var economics = Report("level").Cells.Single(c => c is { Region: "ECE", Value: "basic" });
        Assert.Equal((0, 1, NeedSupplyStatus.SupplyWithoutNeed), (economics.Needs, economics.SupplyOfferings, economics.Status));
    }

    [Fact]
    public void A_revised_need_counts_as_it_stood_at_each_instant()
    {
        var revised = Timeline(Need("KAZ", ["EGMS-CF-2021"], level: "intermediate", languages: ["ru"], trainees: 12));
        revised.Versions.Add(new NeedVersion(Recorded.AddHours(6), revised.Versions[0].Details with { EstimatedTrainees = 60 },
            NeedStatus.Open));
        NeedSupplyLine At(DateTimeOffset asOf)
        {
            var data = Data() with { Scope = Data().Scope with { AsOf = asOf } };
            var needs = NeedsSupplyReportBuilder.InScope([revised], data.Scope, Reference);
            return NeedsSupplyReportBuilder.Build(data, needs, Reference, "standard").Lines.Single();
        }

        // O1, O3 and (no deadline here) O4 serve it with 22 seats: enough for 12 trainees, not for 60.
        Assert.Equal((12, 0, NeedSupplyStatus.Met), (At(Recorded.AddHours(1)).TraineesNeeded, At(Recorded.AddHours(1)).UnmetTrainees,
            At(Recorded.AddHours(1)).Status));
        Assert.Equal((60, 38, NeedSupplyStatus.PartlyMet), (At(AsOf).TraineesNeeded, At(AsOf).UnmetTrainees, At(AsOf).Status));
    }

    [Fact]
    public void Lines_come_by_country_then_priority_then_deadline()
    {
        var ordered = NeedsSupplyReportBuilder.InReportOrder(Report().Lines).Select(l => l.Country).ToArray();
        Assert.Equal(["KAZ", "KGZ", "UZB", "UZB"], ordered);
    }
}
