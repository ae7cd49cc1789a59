using TrainingHub.Offerings;
using TrainingHub.Reference;
using TrainingHub.Reports;

namespace TrainingHub.UnitTests.Reports;

/// <summary>
/// A hand-checked world: programme P (EGMS and RSIM; serves ECE and ESCAP). O1 in Kazakhstan costs 25,000 USD, funded by
/// donor D (grant 20,000 USD) and the provider's own budget (5,000 USD), with 15 tracked and 5 reported completions. O2
/// online costs 12,000 EUR, funded by D (grant 10,000 EUR), nobody completed yet. O3 is cancelled (never supply).
/// </summary>
public class FundingReportBuilderTests
{
    private static readonly ReferenceData Reference = ReferenceData.Current;
    private static readonly DateTimeOffset AsOf = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid Donor = Guid.NewGuid(), Provider = Guid.NewGuid();

    private static readonly ScopedProgramme P = ScopedProgramme.Of(Guid.NewGuid(), new ProgrammeVersion(AsOf.AddDays(-100),
        Provider, "P", "intermediate", ["demography"], ["EGMS-CF-2021", "UN-RSIM-R1"], ["ECE", "ESCAP"], false), Reference.Ordinals);

    private static ScopedOffering Offering(string? venue, int completed, ParticipationReported? reported, Money? cost,
        FundingLine[] funding, bool cancelled = false)
    {
        var id = Guid.NewGuid();
        var start = new DateOnly(2026, 6, 1);
        return ScopedOffering.Of(id, Provider, new OfferingVersion(AsOf, start, start.AddDays(2), venue is null ? "online" : "in-person",
            venue, "ru", 30, cancelled, 20, 0, completed, 0, [], new Dictionary<string, int>(), new Dictionary<string, int>(), 0, 0,
            new Dictionary<string, ScoreTally>(), reported, new OfferingFundingRecorded(id, cost, funding)), P, Reference.Ordinals);
    }

    private static readonly ScopedOffering O1 = Offering("KAZ", 15, new ParticipationReported(Guid.Empty, 6, 0, 5, 0),
        new Money(25_000m, "USD"), [new FundingLine(Donor, "grant", 20_000m, "USD"), new FundingLine(Provider, "own-budget", 5_000m, "USD")]);
    private static readonly ScopedOffering O2 = Offering(null, 0, null, new Money(12_000m, "EUR"),
        [new FundingLine(Donor, "grant", 10_000m, "EUR")]);
    private static readonly ScopedOffering O3 = Offering("KAZ", 0, null, new Money(9_000m, "USD"),
        [new FundingLine(Donor, "grant", 9_000m, "USD")], cancelled: true);

    private static FundingReport Report(string by) => FundingReportBuilder.Build(new ScopedData(
        new ReportScope(AsOf, new DateOnly(2024, 1, 1), new DateOnly(2028, 1, 1), null, null, null, null, null),
        new Freshness(0, null, 0, UpToDate: true), [O1, O2, O3], new Dictionary<Guid, ScopedProgramme> { [P.Id] = P },
        new Dictionary<Guid, string> { [Donor] = "Migration Fund", [Provider] = "UNFPA" }), Reference, by);

    [Fact]
    public void Per_funder_and_currency_with_the_cost_per_completed_trainee_of_what_it_funds()
    {
        var report = Report("funder");

        Assert.Equal((2, 2, 2), (report.Offerings, report.OfferingsWithFunding, report.OfferingsWithCost));
        var donorDollars = report.Rows.Single(r => r.Name == "Migration Fund" && r.Currency == "USD");
        Assert.Equal((1, 20_000m, 20_000m, 25_000m, 20, 1_250m), (donorDollars.OfferingsFunded, donorDollars.Grant,
            donorDollars.Funding, donorDollars.TotalCost, donorDollars.CompletedTrainees, donorDollars.CostPerCompletedTrainee));
        var donorEuros = report.Rows.Single(r => r.Name == "Migration Fund" && r.Currency == "EUR");
        Assert.Equal((10_000m, 12_000m, (decimal?)null), (donorEuros.Grant, donorEuros.TotalCost, donorEuros.CostPerCompletedTrainee));
        var ownBudget = report.Rows.Single(r => r.Name == "UNFPA");
        Assert.Equal(("USD", 5_000m, 0m), (ownBudget.Currency, ownBudget.OwnBudget, ownBudget.Grant));
    }

    [Fact]
    public void Per_country_currencies_stay_apart_and_online_offerings_have_no_venue()
    {
        var rows = Report("country").Rows;

        var kazakhstan = rows.Single(r => r.Key == "KAZ");
        Assert.Equal(("USD", 25_000m, 2, 25_000m, 1_250m), (kazakhstan.Currency, kazakhstan.Funding, kazakhstan.Funders,
            kazakhstan.TotalCost, kazakhstan.CostPerCompletedTrainee));
        var online = rows.Single(r => r.Key == FundingReportBuilder.NoVenue);
        Assert.Equal(("EUR", 10_000m, 12_000m), (online.Currency, online.Funding, online.TotalCost));
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public void An_offering_counts_in_each_region_and_under_each_standard()
    {
        var regions = Report("region").Rows;
        Assert.Equal(["ECE/EUR", "ECE/USD", "ESCAP/EUR", "ESCAP/USD"], regions.Select(r => $"{r.Key}/{r.Currency}"));
        var standards = Report("standard").Rows;
        Assert.Equal(25_000m, standards.Single(r => r is { Key: "UN-RSIM-R1", Currency: "USD" }).Funding);
        Assert.Equal(4, standards.Count);
    }
}
