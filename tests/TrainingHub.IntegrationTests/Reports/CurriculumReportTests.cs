using System.Text.Json.Nodes;
using Marten.Events;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Reports;

public class CurriculumReportTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private const string UsualResidence = "EGMS-CF-2021:usual-residence", StocksAndFlows = "EGMS-CF-2021:stocks-and-flows",
        LongTermMigrant = "UN-RSIM-R1:long-term-migrant", ReturnMigration = "EGMS-CF-2021:return-migration";

    private static object Module(string title, params string[] elements) => new
    {
        title, hours = 6, learningObjectives = new[] { $"Apply {title.ToLowerInvariant()} to national data." }, elements,
        assessment = "exercise",
    };

    private static string[] Codes(JsonNode report, string field) =>
        [.. report[field]!.AsArray().Select(c => c!.GetValue<string>())];

    private static JsonNode Element(JsonNode report, string code) =>
        report["elements"]!.AsArray().Single(e => e!["element"]!.GetValue<string>() == code)!;

    [Fact]
    public async Task Modules_show_in_the_view_are_searched_by_element_and_make_the_curriculum_report()
    {
        var analyst = await Api.NewOrganisationWithKey("Task Force secretariat", Roles.Analyst);
        var unfpa = await Api.NewProvider("UNFPA");
        var iom = await Api.NewProvider("IOM");
        // A: two modules, trains trainers. B: one module. C: no modules (in scope, no curriculum).
        var a = await Api.RegisterProgramme(unfpa.Key, Bodies.Programme("A: stocks and flows for trainers")
            .With("modules", new[]
            {
                Module("Usual residence and stocks and flows", UsualResidence, StocksAndFlows),
                Module("Long-term migrants", LongTermMigrant),
            })
            .With("trainsTrainers", true));
        var bBody = Bodies.Programme("B: usual residence in Kazakhstan").With("standards", new[] { "EGMS-CF-2021" });
        var b = await Api.RegisterProgramme(iom.Key, bBody.With("modules", new[] { Module("Usual residence", UsualResidence) }));
        var c = await Api.RegisterProgramme(iom.Key, Bodies.Programme("C: migration data without a syllabus"));
        var offering = await Api.ScheduleOffering(unfpa.Key, a.Id, Bodies.OpenOffering(capacity: 20));
        (await Api.Post($"/api/offerings/{offering.Id}/reported-participation", unfpa.Key,
            new { participants = 12, female = 7, completed = 10, passed = 9 })).ShouldBe(200);

        var view = (await Api.Get($"/api/programmes/{a.Id}", iom.Key)).ShouldBe(200).Json;
        Assert.Equal(2, view["modules"]!.AsArray().Count);
        Assert.Equal([UsualResidence, StocksAndFlows], Codes(view["modules"]![0]!, "elements"));
        Assert.Equal("exercise", view["modules"]![1]!["assessment"]!.GetValue<string>());
        Assert.Equal([UsualResidence, StocksAndFlows, LongTermMigrant], Codes(view, "elements"));
        Assert.True(view["trainsTrainers"]!.GetValue<bool>());
        var withoutModules = (await Api.Get($"/api/programmes/{c.Id}", iom.Key)).Json;
        Assert.Empty(withoutModules["modules"]!.AsArray());
        Assert.False(withoutModules["trainsTrainers"]!.GetValue<bool>());

        var teaching = (await Api.Get($"/api/programmes?element={UsualResidence}", iom.Key)).ShouldBe(200).Json;
        Assert.Equal([a.Id, b.Id], teaching["items"]!.AsArray().Select(p => p!["id"]!.GetValue<Guid>()).Order());
        Assert.Equal(1, (await Api.Get($"/api/programmes?element={StocksAndFlows}", iom.Key)).Json["total"]!.GetValue<int>());
        Assert.Equal(2, (await Api.Get($"/api/public/programmes?element={UsualResidence}", key: null)).ShouldBe(200)
            .Json["total"]!.GetValue<int>());
        (await Api.Get("/api/programmes?element=EGMS-CF-2021:tourism", iom.Key)).ShouldRejectField("element");

        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var before = (await Api.Get("/api/reports/curriculum", analyst.Key)).ShouldBe(200).Json;
        Assert.Equal((3, 2, 1), (before["programmesInScope"]!.GetValue<int>(), before["programmesWithCurriculum"]!.GetValue<int>(),
            before["programmesTrainingTrainers"]!.GetValue<int>()));
        // usual residence: 2 of 2; stocks and flows, long-term migrants: 1 of 2 = 0.5, core at the default 0.5.
        Assert.Equal([LongTermMigrant, UsualResidence, StocksAndFlows], Codes(before, "core"));
        Assert.Contains(ReturnMigration, Codes(before, "taughtNowhere"));
        var usual = Element(before, UsualResidence);
        Assert.Equal((2, 1.0, 1, 12, 10, 12), (usual["programmes"]!.GetValue<int>(), usual["shareOfProgrammes"]!.GetValue<double>(),
            usual["offerings"]!.GetValue<int>(), usual["trainees"]!.GetValue<int>(), usual["completed"]!.GetValue<int>(),
            usual["trainersTrained"]!.GetValue<int>()));
        var ece = usual["regions"]!.AsArray().Single(r => r!["region"]!.GetValue<string>() == "ECE")!;
        Assert.Equal((2, 1, 12), (ece["programmes"]!.GetValue<int>(), ece["offerings"]!.GetValue<int>(), ece["trainees"]!.GetValue<int>()));
        Assert.Equal([UsualResidence], Codes((await Api.Get("/api/reports/curriculum?coreShare=0.75", analyst.Key)).Json, "core"));

        // B adds a module on return migration: as of the first report's instant, it is still taught nowhere.
        var asOf = Uri.EscapeDataString(before["scope"]!["asOf"]!.GetValue<string>());
        var etag = (await Api.Get($"/api/programmes/{b.Id}", iom.Key)).Headers.Get("ETag");
        (await Api.Put($"/api/programmes/{b.Id}", iom.Key, bBody.With("modules", new[]
        {
            Module("Usual residence", UsualResidence), Module("Return migration", ReturnMigration),
        }), etag)).ShouldBe(200);
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        Assert.DoesNotContain(ReturnMigration, Codes((await Api.Get("/api/reports/curriculum", analyst.Key)).Json, "taughtNowhere"));
        var then = (await Api.Get($"/api/reports/curriculum?asOf={asOf}", analyst.Key)).ShouldBe(200).Json;
        Assert.Contains(ReturnMigration, Codes(then, "taughtNowhere"));
        Assert.Equal(before["elements"]!.ToJsonString(), then["elements"]!.ToJsonString());
    }

    [Fact]
    public async Task Csv_has_a_row_per_element_and_region_and_bad_input_is_refused()
    {
        var analyst = await Api.NewOrganisationWithKey("Task Force secretariat", Roles.Analyst);
        var provider = await Api.NewProvider();
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var csv = (await Api.Get("/api/reports/curriculum?format=csv", analyst.Key)).ShouldBe(200);
        Assert.StartsWith("text/csv", csv.ContentType);
        var lines = csv.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("Element,Standard,Region,Programmes,Offerings,Trainees", lines[0]);
        var elements = (await Api.Get("/api/reports/curriculum", analyst.Key)).Json["elements"]!.AsArray().Count;
        Assert.Equal(elements * 5, lines.Length - 1);
        var ece = (await Api.Get("/api/reports/curriculum?region=ECE", analyst.Key)).Json["elements"]![0]!["regions"]!;
        Assert.Equal("ECE", Assert.Single(ece.AsArray())!["region"]!.GetValue<string>());

        foreach (var share in new[] { "0", "1.5", "-0.2", "NaN" })
            (await Api.Get($"/api/reports/curriculum?coreShare={share}", analyst.Key)).ShouldRejectField("coreShare");
        (await Api.Get("/api/reports/curriculum?coreShare=1", analyst.Key)).ShouldBe(200);
        (await Api.Get("/api/reports/curriculum", provider.Key)).ShouldBe(403);

        // Stateless persons belong to EGRISS-IROSS, which the programme does not name.
        (await Api.Post("/api/programmes", provider.Key, Bodies.Programme()
                .With("modules", new[] { Module("Statelessness", "EGRISS-IROSS:stateless-persons") })))
            .ShouldRejectField("modules[0].elements");
        (await Api.Post("/api/programmes", provider.Key, Bodies.Programme()
                .With("modules", new[] { new { title = "", hours = 2000, elements = new[] { "EGMS-CF-2021:nothing" } } })))
            .ShouldRejectField("modules[0].title").ShouldRejectField("modules[0].hours").ShouldRejectField("modules[0].elements[0]");
    }
}
