using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Needs;

public class NeedImportTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private const string Header = "country,standards,disciplines,level,targetAudiences,languages,estimatedTrainees,priority,neededBy,source,sourceReference,notes";

    private async Task<Provider> National(string country)
    {
        var response = await Api.Post("/api/organisations", Api.AdminKey, new { name = $"Statistics office {country}", kind = "national", country });
        var id = response.ShouldBe(201).Json["id"]!.GetValue<Guid>();
        return new Provider(id, await Api.IssueKey(id, Roles.Provider));
    }

    [Fact]
    public async Task A_needs_assessment_is_imported_all_at_once_and_a_second_post_records_nothing_twice()
    {
        var kazakhstan = await National("KAZ");
        var analyst = await Api.NewOrganisationWithKey("Secretariat", Roles.Analyst);
        var template = (await Api.Get("/api/imports/needs/template", kazakhstan.Key)).ShouldBe(200).Body;
        Assert.StartsWith(Header, template);
        var file = $"""
            {Header}
            KAZ,UN-RSIM-R1;EGMS-CF-2021,demography,intermediate,nso;migration-agency,ru,30,high,2027-10-01,needs-assessment,"Assessment, 2026",
            KAZ,,it-data-science,,nso,ru en,12,,,needs-assessment,"Assessment, 2026",Administrative data
            """;

        var imported = (await Api.PostCsv("/api/imports/needs", kazakhstan.Key, file)).ShouldBe(200);
        Assert.Equal((2, 2, 0), (imported.Json["rows"]!.GetValue<int>(), imported.Json["recorded"]!.GetValue<int>(),
            imported.Json["alreadyRecorded"]!.GetValue<int>()));
        Assert.NotNull(imported.Headers.Get("Event-Position"));
        var needs = (await Api.Get("/api/needs?country=KAZ", analyst.Key)).ShouldBe(200).Json;
        Assert.Equal(2, needs["total"]!.GetValue<int>());
        Assert.Contains(needs["items"]!.AsArray(), n => n!["languages"]!.AsArray().Count == 2
                                                      && n["notes"]!.GetValue<string>() == "Administrative data");

        var again = (await Api.PostCsv("/api/imports/needs", kazakhstan.Key, file)).ShouldBe(200).Json;
        Assert.Equal((0, 2), (again["recorded"]!.GetValue<int>(), again["alreadyRecorded"]!.GetValue<int>()));
        Assert.Equal(2, (await Api.Get("/api/needs", analyst.Key)).Json["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_file_with_any_bad_row_records_nothing_and_names_row_column_and_value()
    {
        var kazakhstan = await National("KAZ");
        var file = $"""
            {Header}
            KAZ,EGMS-CF-2021,,,,,30,,,request,,
            UZB,EGMS-CF-2021,,,,,30,,,request,,
            KAZ,MADE-UP-9,,,,,many,,,rumour,,
            """;

        var refused = (await Api.PostCsv("/api/imports/needs", kazakhstan.Key, file)).ShouldBe(422).Json;

        var problems = refused["problems"]!.AsArray().Select(p => (p!["row"]!.GetValue<int>(), p["column"]!.GetValue<string>())).ToArray();
        Assert.Contains((2, ""), problems); // UZB is not this office's country
        Assert.Contains((3, "estimatedTrainees"), problems);
        Assert.DoesNotContain(problems, p => p.Item1 == 1);
        Assert.Equal(0, (await Api.Get("/api/needs", Api.AdminKey)).Json["total"]!.GetValue<int>());
        (await Api.Send(HttpMethod.Post, "/api/imports/needs", kazakhstan.Key, rawJson: "{}")).ShouldBe(415);
        (await Api.PostCsv("/api/imports/needs", kazakhstan.Key, "country,colour\nKAZ,blue\n")).ShouldBe(422);
    }
}
