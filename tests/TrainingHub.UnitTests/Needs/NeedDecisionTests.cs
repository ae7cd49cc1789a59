using TrainingHub.Access;
using TrainingHub.Needs;
using TrainingHub.Reference;
using static TrainingHub.UnitTests.Given;

namespace TrainingHub.UnitTests.Needs;

public class NeedDecisionTests
{
    private static readonly ReferenceData Reference = ReferenceData.Current;
    private static readonly Guid NeedId = Guid.Parse("0000000e-0000-0000-0000-000000000001");

    private static NeedInput Input(string country = "KAZ") => new(country, ["EGMS-CF-2021"], [], "intermediate", ["nso"],
        ["ru", "ru"], 40, null, new DateOnly(2027, 9, 1), "global-assessment", "  Global assessment, 2026 ", " ");

    private static OrganisationView Organisation(string kind, string? country = null, string? region = null) =>
        new() { Id = ProviderA, Name = "Office", Kind = kind, Country = country, Region = region };

    private static readonly NeedAuthority ForKazakhstan = NeedAuthority.Of(CallerA, Organisation("national", "KAZ"), Reference);

    [Fact]
    public void A_need_is_recorded_by_the_caller_with_defaults_and_tidy_text()
    {
        NeedInput.Validate(Input(), Reference).ShouldBeNone();

        var recorded = RecordTrainingNeed.Decide(Input(), NeedId, ProviderA);

        Assert.Equal((NeedId, ProviderA), (recorded.NeedId, recorded.RecordedBy));
        Assert.Equal(["ru"], recorded.Details.Languages);
        Assert.Equal(("medium", "Global assessment, 2026", (string?)null),
            (recorded.Details.Priority, recorded.Details.SourceReference, recorded.Details.Notes));
    }

    [Fact]
    public void National_institutions_speak_for_their_country_commissions_for_their_members_others_for_none()
    {
        Assert.True(ForKazakhstan.Covers("KAZ"));
        Assert.False(ForKazakhstan.Covers("UZB"));
        var ece = NeedAuthority.Of(CallerA, Organisation("regional-commission", region: "ECE"), Reference);
        Assert.True(ece.Covers("UZB") && ece.Covers("KAZ") && !ece.Covers("MEX"));
        Assert.False(NeedAuthority.Of(CallerA, Organisation("international", "KAZ"), Reference).Covers("KAZ"));
        Assert.False(NeedAuthority.Of(CallerA, Organisation("national"), Reference).Covers("KAZ"));
        Assert.False(NeedAuthority.Of(CallerA with { Role = Roles.Partner }, Organisation("national", "KAZ"), Reference).Covers("KAZ"));
        Assert.True(NeedAuthority.Of(Admin, null, Reference).Covers("MEX"));
        ForKazakhstan.CheckRecord("UZB").ShouldHaveStatus(403);
    }

    [Fact]
    public void Given_a_recorded_need_when_revised_then_the_details_are_replaced()
    {
        var need = Need(RecordTrainingNeed.Decide(Input(), NeedId, ProviderA));
        var revision = Input() with { EstimatedTrainees = 55 };

        ReviseTrainingNeed.Validate(revision, need, NeedId, ForKazakhstan, Reference).ShouldBeNone();
        var revised = ReviseTrainingNeed.Decide(revision, need);

        Assert.Equal(55, revised.Details.EstimatedTrainees);
        Assert.Equal(55, need.Apply(revised).Details.EstimatedTrainees);
    }

    [Fact]
    public void A_need_moves_only_to_a_country_the_caller_speaks_for_and_others_see_no_need()
    {
        var need = Need(RecordTrainingNeed.Decide(Input(), NeedId, ProviderA));
        var uzbekistan = NeedAuthority.Of(CallerB, Organisation("national", "UZB"), Reference);

        ReviseTrainingNeed.Validate(Input("UZB"), need, NeedId, ForKazakhstan, Reference).ShouldHaveStatus(403);
        ReviseTrainingNeed.Validate(Input(), need, NeedId, uzbekistan, Reference).ShouldHaveStatus(404);
        ReviseTrainingNeed.Validate(Input(), null, NeedId, ForKazakhstan, Reference).ShouldHaveStatus(404);
    }

    [Fact]
    public void Given_a_need_marked_met_then_it_names_each_offering_once_and_changes_no_more()
    {
        var offering = Guid.NewGuid();
        var need = Need(RecordTrainingNeed.Decide(Input(), NeedId, ProviderA));
        var command = new MarkTrainingNeedMet([offering, offering], "  Trained in March ");

        MarkTrainingNeedMet.Validate(command, need, NeedId, ForKazakhstan).ShouldBeNone();
        var met = MarkTrainingNeedMet.Decide(command, need);

        Assert.Equal((NeedId, "Trained in March"), (met.NeedId, met.Note));
        Assert.Equal([offering], met.Offerings);
        var closed = need.Apply(met);
        Assert.Equal(NeedStatus.Met, closed.Status);
        ReviseTrainingNeed.Validate(Input(), closed, NeedId, ForKazakhstan, Reference).ShouldHaveStatus(409);
        WithdrawTrainingNeed.Validate(null, closed, NeedId, ForKazakhstan).ShouldHaveStatus(409);
    }

    [Fact]
    public void Marking_met_names_at_most_fifty_offerings() =>
        MarkTrainingNeedMet.Validate(new MarkTrainingNeedMet([.. Enumerable.Range(0, 51).Select(_ => Guid.NewGuid())], null),
            Need(RecordTrainingNeed.Decide(Input(), NeedId, ProviderA)), NeedId, ForKazakhstan).ShouldRejectField("offerings");

    [Fact]
    public void Given_a_withdrawn_need_then_it_is_withdrawn_with_its_reason()
    {
        var need = Need(RecordTrainingNeed.Decide(Input(), NeedId, ProviderA));

        var withdrawn = WithdrawTrainingNeed.Decide(new WithdrawTrainingNeed(" Merged "), need);

        Assert.Equal(new TrainingNeedWithdrawn(NeedId, "Merged"), withdrawn);
        Assert.Equal(NeedStatus.Withdrawn, need.Apply(withdrawn).Status);
    }

    [Theory]
    [InlineData("estimatedTrainees")]
    [InlineData("source")]
    [InlineData("standards")]
    public void Required_parts_of_a_need(string field)
    {
        var input = field switch
        {
            "estimatedTrainees" => Input() with { EstimatedTrainees = null },
            "source" => Input() with { Source = null },
            _ => Input() with { Standards = [], Disciplines = null },
        };
        NeedInput.Validate(input, Reference).ShouldRejectField(field);
    }
}
