using TrainingHub.Offerings;
using TrainingHub.Reference;
using TrainingHub.Reports;

namespace TrainingHub.UnitTests.Reports;

/// <summary>
/// A hand-checked world. Programmes (standards as needed; served regions in brackets):
/// P1 [ECE] trains trainers, 2 modules: usual-residence, stocks-and-flows, RSIM long-term-migrant.
/// P2 [ECA] 1 module: usual-residence, stocks-and-flows.
/// P3 [ECE, ESCAP] 1 module: usual-residence, BPM6 personal-remittances.
/// P4 [ECE] trains trainers, no module. P5 [ECLAC] projected before modules were kept (no curriculum, no crash).
/// Retired [ECE] teaches return-migration: not in scope.
/// Offerings: O1 (P1, Kazakhstan: ECE + ESCAP) 8 seat holders, 3 completed; O2 (P2, online: ECA) reported 20
/// participants, 15 completed; O3 (P3, Thailand: ESCAP) 4 seat holders; O4 (P1) cancelled with 6; O5 (P4, Kazakhstan)
/// 10 seat holders but teaches nothing.
/// </summary>
public class CurriculumReportBuilderTests
{
    private static readonly ReferenceData Reference = ReferenceData.Current;
    private static readonly DateTimeOffset AsOf = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const string UsualResidence = "EGMS-CF-2021:usual-residence", StocksAndFlows = "EGMS-CF-2021:stocks-and-flows",
        LongTermMigrant = "UN-RSIM-R1:long-term-migrant", Remittances = "IMF-BPM6-A5:personal-remittances",
        ReturnMigration = "EGMS-CF-2021:return-migration";

    private static ProgrammeVersion Programme(string[] regions, string[] elements, int? modules, bool? trainsTrainers = false,
        bool retired = false) =>
        new(AsOf.AddDays(-100), Guid.NewGuid(), "P", "intermediate", ["demography"],
            [.. elements.Select(e => Reference.StandardOfElement[e]).Distinct()], regions, retired, Elements: elements,
            TrainsTrainers: trainsTrainers, Modules: modules);

    private static OfferingVersion Offering(string? venue, int confirmed, int completed = 0, bool cancelled = false) =>
        new(AsOf, new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 5), venue is null ? "online" : "in-person", venue, "en",
            30, cancelled, confirmed, 0, completed, 0, [.. Enumerable.Repeat("KAZ", completed)],
            new Dictionary<string, int>(), new Dictionary<string, int>(), 0, 0, new Dictionary<string, ScoreTally>(), null);

    private static ScopedData World(IEnumerable<ProgrammeVersion> programmes,
        params (ProgrammeVersion Programme, OfferingVersion Offering)[] offerings)
    {
        var scoped = programmes.ToDictionary(p => p, p => ScopedProgramme.Of(Guid.NewGuid(), p, Reference.Ordinals));
        return new ScopedData(
            new ReportScope(AsOf, new DateOnly(2024, 1, 1), new DateOnly(2028, 1, 1), null, null, null, null, null),
            new Freshness(0, null, 0, UpToDate: true),
            [.. offerings.Select(o => ScopedOffering.Of(Guid.NewGuid(), o.Programme.ProviderId, o.Offering, scoped[o.Programme],
                Reference.Ordinals))],
            scoped.Values.ToDictionary(p => p.Id), new Dictionary<Guid, string>());
    }

    private static readonly ProgrammeVersion P1 = Programme(["ECE"], [UsualResidence, StocksAndFlows, LongTermMigrant], 2, true),
        P2 = Programme(["ECA"], [UsualResidence, StocksAndFlows], 1),
        P3 = Programme(["ECE", "ESCAP"], [UsualResidence, Remittances], 1),
        P4 = Programme(["ECE"], [], 0, true),
        P5 = Programme(["ECLAC"], [], null, null) with { Elements = null },
        Retired = Programme(["ECE"], [ReturnMigration], 1, retired: true);

    private static ScopedData HandCheckedWorld() => World([P1, P2, P3, P4, P5, Retired],
        (P1, Offering("KAZ", confirmed: 8, completed: 3)),
        (P2, Offering(null, confirmed: 0) with { Reported = new ParticipationReported(Guid.NewGuid(), 20, 11, 15, 12, null) }),
        (P3, Offering("THA", confirmed: 4)),
        (P1, Offering("KAZ", confirmed: 6, cancelled: true)),
        (P4, Offering("KAZ", confirmed: 10)));

    [Fact]
    public void Shares_core_and_elements_taught_nowhere_are_over_the_programmes_with_a_curriculum()
    {
        var report = CurriculumReportBuilder.Build(HandCheckedWorld(), Reference, 0.5);

        // In scope: P1-P5 (Retired is out); with a curriculum: P1-P3; training trainers: P1 and P4.
        Assert.Equal((5, 3, 2, 0.5), (report.ProgrammesInScope, report.ProgrammesWithCurriculum,
            report.ProgrammesTrainingTrainers, report.CoreShare));
        // usual-residence: 3/3; stocks-and-flows: 2/3 = 0.6667 (≥ 0.5: core); the others 1/3 or 0.
        Assert.Equal([UsualResidence, StocksAndFlows], report.Core);
        var elements = Reference.Standards.SelectMany(s => s.Elements).Select(e => e.Code).ToArray();
        Assert.Equal(elements, report.Elements.Select(e => e.Element));
        Assert.Equal(elements.Except([UsualResidence, StocksAndFlows, LongTermMigrant, Remittances]), report.TaughtNowhere);
        Assert.Contains(ReturnMigration, report.TaughtNowhere);
        Assert.Contains("EGRISS-IROSS:stateless-persons", report.TaughtNowhere);

        var strict = CurriculumReportBuilder.Build(HandCheckedWorld(), Reference, 0.7);
        Assert.Equal([UsualResidence], strict.Core);
    }

    [Fact]
    public void Figures_per_element_and_region_count_supply_offerings_of_programmes_teaching_it()
    {
        var report = CurriculumReportBuilder.Build(HandCheckedWorld(), Reference, 0.5);
        CurriculumElement Element(string code) => report.Elements.Single(e => e.Element == code);
        (int, int, int) Region(CurriculumElement element, string region)
        {
            var figures = element.Regions.Single(r => r.Region == region);
            return (figures.Programmes, figures.Offerings, figures.Trainees);
        }

        // usual-residence: O1 + O2 + O3 (O4 cancelled, O5's programme teaches nothing): trainees 8 + 20 + 4 = 32,
        // completed 3 + 15 = 18, trainers trained: O1's 8 (P1 trains trainers).
        var usual = Element(UsualResidence);
        Assert.Equal(("EGMS-CF-2021", "Usual residence (the 12-month criteria)"), (usual.Standard, usual.Title));
        Assert.Equal((3, 1.0, 3, 32, 18, 8, true), (usual.Programmes, usual.ShareOfProgrammes, usual.Offerings,
            usual.Trainees, usual.Completed, usual.TrainersTrained, usual.Core));
        // ECE: P1, P3 serve it, O1 counts there (Kazakhstan); ESCAP: P3, O1 + O3; ECA: P2, O2 (online, where P2 serves).
        Assert.Equal(["ECA", "ECE", "ECLAC", "ESCAP", "ESCWA"], usual.Regions.Select(r => r.Region));
        Assert.Equal((2, 1, 8), Region(usual, "ECE"));
        Assert.Equal((1, 2, 12), Region(usual, "ESCAP"));
        Assert.Equal((1, 1, 20), Region(usual, "ECA"));
        Assert.Equal((0, 0, 0), Region(usual, "ECLAC"));

        var flows = Element(StocksAndFlows);
        Assert.Equal((2, 0.6667, 2, 28, 18, 8), (flows.Programmes, flows.ShareOfProgrammes, flows.Offerings, flows.Trainees,
            flows.Completed, flows.TrainersTrained));
        var remittances = Element(Remittances);
        Assert.Equal((1, 0.3333, 1, 4, 0, 0, false), (remittances.Programmes, remittances.ShareOfProgrammes,
            remittances.Offerings, remittances.Trainees, remittances.Completed, remittances.TrainersTrained, remittances.Core));
        Assert.Equal((1, 0, 0), Region(remittances, "ECE"));
        Assert.Equal((1, 1, 4), Region(remittances, "ESCAP"));

        var nowhere = Element(ReturnMigration);
        Assert.Equal((0, 0.0, 0, 0, false), (nowhere.Programmes, nowhere.ShareOfProgrammes, nowhere.Offerings,
            nowhere.Trainees, nowhere.Core));
    }

    [Fact]
    public void Without_a_programme_with_a_curriculum_shares_are_null_and_nothing_is_core()
    {
        var report = CurriculumReportBuilder.Build(World([P4, P5], (P4, Offering("KAZ", confirmed: 10))), Reference, 0.5);

        Assert.Equal((2, 0), (report.ProgrammesInScope, report.ProgrammesWithCurriculum));
        Assert.All(report.Elements, e => Assert.Null(e.ShareOfProgrammes));
        Assert.Empty(report.Core);
        Assert.Equal(report.Elements.Count, report.TaughtNowhere.Count);
    }

    [Fact]
    public void A_retired_programmes_past_offerings_still_count_but_the_programme_does_not()
    {
        var report = CurriculumReportBuilder.Build(World([Retired], (Retired, Offering("FRA", confirmed: 5))), Reference, 0.5);

        var returns = report.Elements.Single(e => e.Element == ReturnMigration);
        Assert.Equal((0, 1, 5), (returns.Programmes, returns.Offerings, returns.Trainees));
        Assert.Contains(ReturnMigration, report.TaughtNowhere);
    }
}
