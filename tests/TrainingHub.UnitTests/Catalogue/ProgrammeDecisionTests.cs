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

    private static ProgrammeModuleInput Module(params string[] elements) => new(
        "Usual residence and the 12-month rule", 6, ["Apply the 12-month rule to census records."], elements, "exercise");

    [Fact]
    public void Given_modules_teaching_elements_of_its_standards_when_registering_then_the_curriculum_is_recorded()
    {
        var input = ValidProgramme() with
        {
            Modules = [Module("EGMS-CF-2021:usual-residence", "UN-RSIM-R1:migrant-stocks", "EGMS-CF-2021:usual-residence"),
                Module("UN-RSIM-R1:migration-flows") with { Hours = null, Assessment = null }],
            TrainsTrainers = true,
        };

        ProgrammeInput.Validate(input, Reference).ShouldBeNone();
        var details = RegisterProgramme.Decide(input, ProgrammeId, ProviderA).Details;

        Assert.True(details.TrainsTrainers);
        Assert.Equal(2, details.Modules!.Count);
        Assert.Equal(["EGMS-CF-2021:usual-residence", "UN-RSIM-R1:migrant-stocks"], details.Modules[0].Elements);
        Assert.Equal(["EGMS-CF-2021:usual-residence", "UN-RSIM-R1:migrant-stocks", "UN-RSIM-R1:migration-flows"],
            ProgrammeModule.ElementsOf(details.Modules));
    }

    [Fact]
    public void Given_no_modules_when_registering_then_none_are_described_and_it_trains_no_trainers()
    {
        var details = RegisterProgramme.Decide(ValidProgramme(), ProgrammeId, ProviderA).Details;

        Assert.Empty(details.Modules!);
        Assert.False(details.TrainsTrainers);
        // Events recorded before modules existed carry none: nothing to teach, never a crash.
        Assert.Empty(ProgrammeModule.ElementsOf(null));
    }

    [Fact]
    public void Given_an_unknown_element_then_it_is_named_with_its_module_and_position() =>
        ProgrammeInput.Validate(ValidProgramme() with
            {
                Modules = [Module("EGMS-CF-2021:usual-residence"), Module("EGMS-CF-2021:usual-residence", "EGMS-CF-2021:tourism")],
            }, Reference)
            .ShouldRejectField("modules[1].elements[1]");

    [Fact]
    public void Given_an_element_of_a_standard_the_programme_does_not_name_then_the_modules_elements_are_refused()
    {
        var problem = ProgrammeInput.Validate(ValidProgramme() with
        {
            Modules = [Module("EGMS-CF-2021:usual-residence"), Module("EGRISS-IROSS:stateless-persons")],
        }, Reference);

        problem.ShouldRejectField("modules[1].elements");
        Assert.Contains("EGRISS-IROSS", problem.Detail);
        ProgrammeInput.Validate(ValidProgramme() with
        {
            Standards = ["UN-RSIM-R1", "EGMS-CF-2021", "EGRISS-IROSS"],
            Modules = [Module("EGMS-CF-2021:usual-residence"), Module("EGRISS-IROSS:stateless-persons")],
        }, Reference).ShouldBeNone();
    }

    [Fact]
    public void Given_more_than_30_modules_then_the_list_is_refused()
    {
        ProgrammeInput.Validate(ValidProgramme() with { Modules = [.. Enumerable.Repeat(Module(), 30)] }, Reference)
            .ShouldBeNone();
        ProgrammeInput.Validate(ValidProgramme() with { Modules = [.. Enumerable.Repeat(Module(), 31)] }, Reference)
            .ShouldRejectField("modules");
    }

    [Fact]
    public void Given_an_unknown_assessment_method_then_it_is_refused() =>
        ProgrammeInput.Validate(ValidProgramme() with { Modules = [Module() with { Assessment = "oral-exam" }] }, Reference)
            .ShouldRejectField("modules[0].assessment");

    [Fact]
    public void Given_a_module_without_title_with_too_many_hours_or_objectives_then_each_field_is_named()
    {
        var problem = ProgrammeInput.Validate(ValidProgramme() with
        {
            Modules =
            [
                Module() with { Title = " ", Hours = 1001 },
                Module() with { LearningObjectives = [.. Enumerable.Repeat("Tabulate flows.", 11)] },
                Module() with { LearningObjectives = ["", new string('x', 501)] },
                null!,
            ],
        }, Reference);

        foreach (var field in new[] { "modules[0].title", "modules[0].hours", "modules[1].learningObjectives",
                     "modules[2].learningObjectives[0]", "modules[2].learningObjectives[1]", "modules[3]" })
            problem.ShouldRejectField(field);
    }

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
        ReviseProgramme.Validate(ValidProgramme(), Programme(ProgrammeRegisteredByA()), ProgrammeId, CallerB, Reference, ProgrammeLinks.None)
            .ShouldHaveStatus(403);

    [Fact]
    public void Admin_may_revise_any_programme() =>
        ReviseProgramme.Validate(ValidProgramme(), Programme(ProgrammeRegisteredByA()), ProgrammeId, Admin, Reference, ProgrammeLinks.None)
            .ShouldBeNone();

    [Fact]
    public void A_missing_programme_is_not_found() =>
        ReviseProgramme.Validate(ValidProgramme(), null, ProgrammeId, CallerA, Reference, ProgrammeLinks.None).ShouldHaveStatus(404);

    [Fact]
    public void A_retired_programme_cannot_be_revised() =>
        ReviseProgramme.Validate(ValidProgramme(),
                Programme(ProgrammeRegisteredByA(), new ProgrammeRetired(ProgrammeId, "superseded")),
                ProgrammeId, CallerA, Reference, ProgrammeLinks.None)
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
