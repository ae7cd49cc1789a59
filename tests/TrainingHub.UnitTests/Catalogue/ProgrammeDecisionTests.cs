using TrainingHub.Catalogue;
using TrainingHub.Reference;
using static TrainingHub.UnitTests.Given;

namespace TrainingHub.UnitTests.Catalogue;

public class ProgrammeDecisionTests
{
    private static readonly ReferenceData Reference = ReferenceData.Current;

    [Fact]
    public void A_valid_programme_passes_the_rules() =>
        ProgrammeInput.Validate(ValidProgramme(), Reference).ShouldBeNone();

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Title_is_required(string title) =>
        ProgrammeInput.Validate(ValidProgramme() with { Title = title }, Reference).ShouldRejectField("title");

    [Fact]
    public void Title_is_at_most_300_characters()
    {
        ProgrammeInput.Validate(ValidProgramme() with { Title = new string('x', 300) }, Reference).ShouldBeNone();
        ProgrammeInput.Validate(ValidProgramme() with { Title = new string('x', 301) }, Reference).ShouldRejectField("title");
    }

    [Fact]
    public void At_least_one_discipline_is_required() =>
        ProgrammeInput.Validate(ValidProgramme() with { Disciplines = [] }, Reference).ShouldRejectField("disciplines");

    [Fact]
    public void Unknown_codes_are_named_with_their_position()
    {
        var problem = ProgrammeInput.Validate(ValidProgramme() with
        {
            Level = "expert",
            Disciplines = ["demography", "astrology"],
            Standards = ["UN-RSIM-R9"],
            Languages = ["xx"],
            Regions = ["EUROPE"],
            Countries = ["KAZ", "ZZZ"],
            TargetAudiences = ["aliens"],
            DeliveryModes = ["carrier-pigeon"],
        }, Reference);

        foreach (var field in new[] { "level", "disciplines[1]", "standards[0]", "languages[0]", "regions[0]",
                     "countries[1]", "targetAudiences[0]", "deliveryModes[0]" })
            problem.ShouldRejectField(field);
    }

    [Fact]
    public void A_programme_must_serve_some_region_or_country() =>
        ProgrammeInput.Validate(ValidProgramme() with { Regions = [], Countries = [] }, Reference)
            .ShouldRejectField("regions");

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Pass_mark_is_a_percentage(int passMark) =>
        ProgrammeInput.Validate(ValidProgramme() with { PassMark = passMark }, Reference).ShouldRejectField("passMark");

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://example.org/course")]
    public void Url_must_be_a_web_address(string url) =>
        ProgrammeInput.Validate(ValidProgramme() with { Url = url }, Reference).ShouldRejectField("url");

    [Fact]
    public void Registering_makes_the_caller_the_provider_and_drops_duplicate_codes()
    {
        var input = ValidProgramme() with { Disciplines = ["demography", "demography"] };

        var registered = RegisterProgramme.Decide(input, ProgrammeId, ProviderA);

        Assert.Equal(ProviderA, registered.ProviderId);
        Assert.Equal(["demography"], registered.Details.Disciplines);
        Assert.Equal(ProgrammeId, registered.ProgrammeId);
    }

    [Fact]
    public void Revising_records_the_new_details()
    {
        var programme = Programme(ProgrammeRegisteredByA());
        var input = ValidProgramme() with { Title = "Migration statistics for Central Asia" };

        var events = ReviseProgramme.Decide(input, programme);

        var revised = Assert.IsType<ProgrammeRevised>(Assert.Single(events));
        Assert.Equal("Migration statistics for Central Asia", revised.Details.Title);
    }

    [Fact]
    public void Revising_with_identical_details_records_nothing() =>
        Assert.Empty(ReviseProgramme.Decide(ValidProgramme(), Programme(ProgrammeRegisteredByA())));

    [Fact]
    public void Another_provider_may_not_revise_the_programme() =>
        ReviseProgramme.Validate(ValidProgramme(), Programme(ProgrammeRegisteredByA()), ProgrammeId, CallerB, Reference)
            .ShouldHaveStatus(403);

    [Fact]
    public void Admin_may_revise_any_programme() =>
        ReviseProgramme.Validate(ValidProgramme(), Programme(ProgrammeRegisteredByA()), ProgrammeId, Admin, Reference)
            .ShouldBeNone();

    [Fact]
    public void A_missing_programme_is_not_found() =>
        ReviseProgramme.Validate(ValidProgramme(), null, ProgrammeId, CallerA, Reference).ShouldHaveStatus(404);

    [Fact]
    public void A_retired_programme_cannot_be_revised() =>
        ReviseProgramme.Validate(ValidProgramme(),
                Programme(ProgrammeRegisteredByA(), new ProgrammeRetired(ProgrammeId, "superseded")),
                ProgrammeId, CallerA, Reference)
            .ShouldHaveStatus(409);

    [Fact]
    public void Retiring_records_the_reason()
    {
        var retired = RetireProgramme.Decide(new RetireProgramme("  superseded by e-learning "),
            Programme(ProgrammeRegisteredByA()));

        Assert.Equal(new ProgrammeRetired(ProgrammeId, "superseded by e-learning"), retired);
    }

    [Fact]
    public void A_programme_cannot_be_retired_twice() =>
        RetireProgramme.Validate(new RetireProgramme(null),
                Programme(ProgrammeRegisteredByA(), new ProgrammeRetired(ProgrammeId, null)), ProgrammeId, CallerA)
            .ShouldHaveStatus(409);
}
