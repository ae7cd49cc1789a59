using System.Text;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Imports;

public class ImportTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private const string Header = "provider,title,summary,level,disciplines,standards,targetAudiences,deliveryModes,languages,regions,countries,durationHours,passMark,url,offeringStart,offeringEnd,offeringDeliveryMode,offeringVenueCountry,offeringLanguage,offeringCapacity,reportedParticipants,reportedFemale,reportedCompleted,reportedPassed,reportedCountries";

    private static string Survey(string provider = "UNFPA") => string.Join('\n',
        Header,
        $"{provider},Workshop on migration statistics for Central Asia,Stocks and flows,intermediate,demography;it-data-science,UN-RSIM-R1;EGMS-CF-2021,nso,in-person,ru;en,ECE,KAZ;KGZ,24,60,,2019-05-14,2019-05-16,in-person,KAZ,ru,35,31,17,29,24,KAZ:12;KGZ:8;TJK:6;UZB:5",
        $"{provider},Workshop on migration statistics for Central Asia,Stocks and flows,intermediate,demography;it-data-science,UN-RSIM-R1;EGMS-CF-2021,nso,in-person,ru;en,ECE,KAZ;KGZ,24,60,,2020-11-10,2020-11-12,in-person,KGZ,ru,30,,,,,",
        $"{provider},Training of state officers in the analysis of migration,,basic,demography,UN-PRC-R3,ministry,in-person,es,,MEX,16,,,,,,,,,,,,,");

    [Fact]
    public async Task The_template_names_every_column_with_an_example_row()
    {
        var provider = await Api.NewProvider();
        var template = await Api.Get("/api/imports/programmes/template", provider.Key);
        template.ShouldBe(200);
        Assert.StartsWith("text/csv", template.ContentType);
        var lines = template.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("provider,title,summary,level", lines[0]);
    }

    [Fact]
    public async Task A_provider_imports_its_survey_then_reposting_it_duplicates_nothing()
    {
        var id = await Api.RegisterOrganisation("UNFPA", "international", "UNFPA");
        var key = await Api.IssueKey(id, "provider");

        var accepted = await Api.Tracked(() => Api.PostCsv("/api/imports/programmes", key, Survey()));

        accepted.ShouldBe(202);
        var location = accepted.Headers.Get("Location")!;
        var done = (await Api.Get(location, key)).ShouldBe(200).Json;
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal((3, 2, 2), (done["rows"]!.GetValue<int>(), done["programmesCreated"]!.GetValue<int>(),
            done["offeringsCreated"]!.GetValue<int>()));

        var programmes = (await Api.Get("/api/programmes", key)).Json;
        Assert.Equal(2, programmes["total"]!.GetValue<long>());
        Assert.All(programmes["items"]!.AsArray(), p => Assert.Equal(id, p!["providerId"]!.GetValue<Guid>()));
        var almaty = (await Api.Get("/api/offerings?country=KAZ&from=2019-01-01&to=2019-12-31", key)).Json["items"]![0]!;
        Assert.Equal(31, almaty["reportedParticipation"]!["participants"]!.GetValue<int>());
        Assert.Equal(12, almaty["reportedParticipation"]!["countries"]!["KAZ"]!.GetValue<int>());

        // The finished import tells a position that includes its events: a report asked with it counts them.
        var analyst = await Api.NewOrganisationWithKey("Secretariat", Roles.Analyst);
        var position = (await Api.Get(location, key)).Headers.Get("Event-Position");
        Assert.NotNull(position);
        var coverage = (await Api.Get($"/api/reports/effectiveness?by=provider&from=2000-01-01&minPosition={position}", analyst.Key))
            .ShouldBe(200).Json;
        Assert.Equal(2, coverage["lines"]!.AsArray().Single(l => l!["id"]!.GetValue<Guid>() == id)!["offeringsScheduled"]!.GetValue<int>());

        var again = await Api.Tracked(() => Api.PostCsv("/api/imports/programmes", key, Survey()));
        again.ShouldBe(202);
        var second = (await Api.Get(again.Headers.Get("Location")!, key)).Json;
        Assert.Equal("completed", second["status"]!.GetValue<string>());
        Assert.Equal((0, 0, 2, 2), (second["programmesCreated"]!.GetValue<int>(), second["offeringsCreated"]!.GetValue<int>(),
            second["programmesExisting"]!.GetValue<int>(), second["offeringsExisting"]!.GetValue<int>()));
        Assert.Equal(2, (await Api.Get("/api/programmes", key)).Json["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Offerings_are_imported_with_their_cost_and_funders_named_by_code()
    {
        var id = await Api.RegisterOrganisation("UNFPA", "international", "UNFPA");
        var key = await Api.IssueKey(id, "provider");
        var donor = await Api.RegisterOrganisation("Migration Multi-Partner Trust Fund", "donor", "MPTF");
        var header = Header + ",totalCost,funding";
        var row = "UNFPA,Workshop on migration statistics,Stocks and flows,intermediate,demography,UN-RSIM-R1,nso,in-person,ru,ECE,KAZ,24,60,,"
                  + "2019-05-14,2019-05-16,in-person,KAZ,ru,35,31,17,29,24,,";

        var refused = (await Api.PostCsv("/api/imports/programmes", key, string.Join('\n', header,
            row + "38500 USD,MPTF:grant:30000:USD;NOBODY:grant:1:USD", row.Replace("2019-05-14", "2019-06-14").Replace("2019-05-16", "2019-06-16")
            + "38500 dollars,MPTF:loan:30000:USD"))).ShouldBe(422).Json["problems"]!.AsArray();
        Assert.Contains(refused, p => p!["row"]!.GetValue<int>() == 1 && p["value"]?.GetValue<string>() == "NOBODY");
        Assert.Contains(refused, p => p!["row"]!.GetValue<int>() == 2 && p["column"]!.GetValue<string>() == "totalCost");

        var accepted = await Api.Tracked(() => Api.PostCsv("/api/imports/programmes", key, string.Join('\n', header,
            row + "38500 USD,MPTF:grant:30000:USD;UNFPA:own-budget:8500:USD")));
        accepted.ShouldBe(202);
        Assert.Equal("completed", (await Api.Get(accepted.Headers.Get("Location")!, key)).Json["status"]!.GetValue<string>());
        var offering = (await Api.Get("/api/offerings?country=KAZ&from=2019-01-01&to=2019-12-31", key)).Json["items"]![0]!;
        var funding = offering["funding"]!;
        Assert.Equal((38_500m, "USD"), (funding["totalCost"]!["amount"]!.GetValue<decimal>(), funding["totalCost"]!["currency"]!.GetValue<string>()));
        Assert.Equal([donor, id], funding["funding"]!.AsArray().Select(l => l!["funderId"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task Every_bad_cell_is_listed_and_nothing_is_imported()
    {
        var id = await Api.RegisterOrganisation("IOM", "international", "IOM");
        var key = await Api.IssueKey(id, "provider");
        var csv = string.Join('\n', Header,
            "IOM,Good programme,,basic,demography,,nso,online,en,ECA,,9,70,,,,,,,,,,,",
            "IOM,,,expert,astrology,,nso,online,en,ECA,,9,70,,,,,,,,,,,",
            "IOM,Online course,,basic,demography,,nso,online,en,ECA,,nine,70,,2024-02-01,2024-01-01,online,,en,500,,,,",
            "IOM,Reported course,,basic,demography,,nso,online,en,ECA,,9,70,,2024-02-01,2024-02-02,online,,en,500,10,,,,KEN:6;UGA:x",
            "IOM,Reported course,,basic,demography,,nso,online,en,ECA,,9,70,,2024-03-01,2024-03-02,online,,en,500,10,,,,KEN:6;ATLANTIS:2");

        var response = await Api.PostCsv("/api/imports/programmes", key, csv);

        response.ShouldBe(422);
        var problems = response.Json["problems"]!.AsArray().Select(p => (p!["row"]!.GetValue<int>(), p["column"]!.GetValue<string>())).ToArray();
        Assert.Contains((2, "title"), problems);
        Assert.Contains((2, "level"), problems);
        Assert.Contains((2, "disciplines"), problems);
        Assert.Contains((3, "durationHours"), problems);
        Assert.Contains((4, "reportedCountries"), problems); // not country:participants
        Assert.Contains((5, "reportedCountries"), problems); // a country the reference data does not know
        Assert.Equal("astrology", response.Json["problems"]!.AsArray()
            .Single(p => p!["column"]!.GetValue<string>() == "disciplines")!["value"]!.GetValue<string>());
        Assert.Equal(0, (await Api.Get("/api/programmes", key)).Json["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Providers_import_only_their_own_programmes_and_admin_imports_for_anyone()
    {
        var unfpa = await Api.RegisterOrganisation("UNFPA", "international", "UNFPA");
        var iom = await Api.RegisterOrganisation("IOM", "international", "IOM");
        var iomKey = await Api.IssueKey(iom, "provider");

        var refused = await Api.PostCsv("/api/imports/programmes", iomKey, Survey("UNFPA"));
        refused.ShouldBe(422);
        Assert.Contains("own programmes", refused.Body);
        (await Api.PostCsv("/api/imports/programmes", Api.AdminKey, Survey("NOBODY"))).ShouldBe(422);

        var admin = await Api.Tracked(() => Api.PostCsv("/api/imports/programmes", Api.AdminKey, Survey("UNFPA")));
        admin.ShouldBe(202);
        Assert.Equal("completed", (await Api.Get(admin.Headers.Get("Location")!, Api.AdminKey)).Json["status"]!.GetValue<string>());
        var programmes = (await Api.Get($"/api/programmes?provider={unfpa}", Api.AdminKey)).Json;
        Assert.Equal(2, programmes["total"]!.GetValue<long>());

        (await Api.Get(admin.Headers.Get("Location")!, iomKey)).ShouldBe(404);
        (await Api.Send(HttpMethod.Post, "/api/imports/programmes", Api.AdminKey, new { not = "csv" })).ShouldBe(415);
    }

    [Fact]
    public async Task A_large_survey_is_imported_in_the_background_through_its_status_resource()
    {
        var id = await Api.RegisterOrganisation("UNECE", "regional-commission", "UNECE");
        var key = await Api.IssueKey(id, "provider");
        var csv = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 2000; i++)
            csv.Append($"UNECE,Course {i / 2},,basic,demography,EGMS-CF-2021,nso,online,en,ECE,,10,60,,2025-{1 + i % 12:D2}-01,2025-{1 + i % 12:D2}-20,online,,en,100,50,20,40,30\n");

        var accepted = await Api.Tracked(() => Api.PostCsv("/api/imports/programmes", key, csv.ToString()));

        accepted.ShouldBe(202);
        Assert.Equal("running", accepted.Json["status"]!.GetValue<string>());
        var done = (await Api.Get(accepted.Headers.Get("Location")!, key)).Json;
        Assert.Equal((1000, 2000), (done["programmesCreated"]!.GetValue<int>(), done["offeringsCreated"]!.GetValue<int>()));
        Assert.Equal(1000, (await Api.Get("/api/programmes?pageSize=1", key)).Json["total"]!.GetValue<long>());
    }
}
