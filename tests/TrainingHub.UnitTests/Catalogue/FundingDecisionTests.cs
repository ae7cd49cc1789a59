using TrainingHub.Catalogue;
using TrainingHub.Offerings;
using TrainingHub.Reference;
using static TrainingHub.UnitTests.Given;

namespace TrainingHub.UnitTests.Catalogue;

public class FundingDecisionTests
{
    private static readonly ReferenceData Reference = ReferenceData.Current;
    private static readonly Guid Donor = Guid.Parse("0000000d-0000-0000-0000-000000000001");
    private static readonly IReadOnlySet<Guid> Known = new HashSet<Guid> { Donor, ProviderA };

    private static RecordOfferingFunding Funding(params FundingInput[] lines) =>
        new(new MoneyInput(25_000m, "USD"), lines.Length > 0 ? lines : [new FundingInput(Donor, "grant", 20_000m, "USD")]);

    private static Microsoft.AspNetCore.Mvc.ProblemDetails Check(RecordOfferingFunding command) =>
        RecordOfferingFunding.Validate(command, Offering(OfferingScheduledByA()), OfferingId, CallerA, Known, Reference);

    [Fact]
    public void Given_an_offering_when_its_funding_is_recorded_then_once_and_an_identical_record_adds_nothing()
    {
        var offering = Offering(OfferingScheduledByA());
        Check(Funding()).ShouldBeNone();

        var events = RecordOfferingFunding.Decide(Funding(), offering);

        var recorded = Assert.IsType<OfferingFundingRecorded>(Assert.Single(events));
        Assert.Equal((new Money(25_000m, "USD"), new FundingLine(Donor, "grant", 20_000m, "USD")),
            (recorded.TotalCost, Assert.Single(recorded.Funding)));
        Assert.Empty(RecordOfferingFunding.Decide(Funding(), offering.Apply(recorded)));
        Assert.Single(RecordOfferingFunding.Decide(Funding(new FundingInput(Donor, "grant", 21_000m, "USD")), offering.Apply(recorded)));
    }

    [Fact]
    public void Only_the_provider_records_its_offerings_funding() =>
        RecordOfferingFunding.Validate(Funding(), Offering(OfferingScheduledByA()), OfferingId, CallerB, Known, Reference)
            .ShouldHaveStatus(403);

    [Theory]
    [InlineData("funding[0].currency", "XXX", 100, "grant")]
    [InlineData("funding[0].amount", "USD", 0, "grant")]
    [InlineData("funding[0].amount", "USD", 10.001, "grant")]
    [InlineData("funding[0].kind", "USD", 100, "loan")]
    public void Funding_lines_have_a_known_currency_a_positive_amount_in_cents_and_a_kind(string field, string currency,
        double amount, string kind) =>
        Check(Funding(new FundingInput(Donor, kind, (decimal)amount, currency))).ShouldRejectField(field);

    [Fact]
    public void Funders_must_exist_and_appear_once_per_kind_and_currency()
    {
        Check(Funding(new FundingInput(Guid.NewGuid(), "grant", 100m, "USD"))).ShouldRejectField("funding[0].funder");
        Check(Funding(new FundingInput(Donor, "grant", 100m, "USD"), new FundingInput(Donor, "grant", 50m, "USD")))
            .ShouldRejectField("funding");
        Check(new RecordOfferingFunding(null, [.. Enumerable.Repeat(new FundingInput(Donor, "grant", 1m, "USD"), 21)]))
            .ShouldRejectField("funding");
    }
}
