using Alba;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Needs;

public class NeedsTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private static Dictionary<string, object?> Need(string country = "KAZ", int trainees = 40) => new()
    {
        ["country"] = country,
        ["standards"] = new[] { "EGMS-CF-2021" },
        ["disciplines"] = new[] { "demography" },
        ["level"] = "intermediate",
        ["targetAudiences"] = new[] { "nso", "migration-agency" },
        ["languages"] = new[] { "ru" },
        ["estimatedTrainees"] = trainees,
        ["priority"] = "high",
        ["neededBy"] = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(300).ToString("yyyy-MM-dd"),
        ["source"] = "needs-assessment",
        ["sourceReference"] = "Migration statistics needs assessment, 2026",
        ["notes"] = "Flows from border-crossing data.",
    };

    private async Task<Provider> National(string country, string name)
    {
        var response = await Api.Post("/api/organisations", Api.AdminKey, new { name, kind = "national", country });
        response.ShouldBe(201);
        var id = response.Json["id"]!.GetValue<Guid>();
        return new Provider(id, await Api.IssueKey(id, Roles.Provider));
    }

    private async Task<Provider> Commission(string region)
    {
        var response = await Api.Post("/api/organisations", Api.AdminKey,
            new { name = $"Commission {region}", kind = "regional-commission", region });
        response.ShouldBe(201);
        var id = response.Json["id"]!.GetValue<Guid>();
        return new Provider(id, await Api.IssueKey(id, Roles.Provider));
    }

    [Fact]
    public async Task A_national_institution_records_its_own_countrys_need_and_reads_it_back()
    {
        var kazakhstan = await National("KAZ", "Bureau of National Statistics");

        var response = await Api.Post("/api/needs", kazakhstan.Key, Need().With("recordedBy", Guid.NewGuid()));

        response.ShouldBe(201);
        var id = response.Json["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/needs/{id}", response.Headers.Get("Location"));
        Assert.Equal("\"1\"", response.Headers.Get("ETag"));
        var fetched = (await Api.Get($"/api/needs/{id}", kazakhstan.Key)).ShouldBe(200).Json;
        Assert.Equal(kazakhstan.Id, fetched["recordedBy"]!.GetValue<Guid>());
        Assert.Equal(["ECE", "ESCAP"], fetched["regions"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(("open", 40, "needs-assessment"), (fetched["status"]!.GetValue<string>(),
            fetched["estimatedTrainees"]!.GetValue<int>(), fetched["source"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Who_speaks_for_a_country_national_for_its_own_commission_for_members_admin_for_any()
    {
        var kazakhstan = await National("KAZ", "Bureau of National Statistics");
        var ece = await Commission("ECE");
        var provider = await Api.NewProvider("UNFPA");
        var partner = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        var analyst = await Api.NewOrganisationWithKey("Secretariat", Roles.Analyst);

        (await Api.Post("/api/needs", kazakhstan.Key, Need("UZB"))).ShouldBe(403);
        (await Api.Post("/api/needs", ece.Key, Need("UZB"))).ShouldBe(201);
        (await Api.Post("/api/needs", ece.Key, Need("MEX"))).ShouldBe(403);
        (await Api.Post("/api/needs", provider.Key, Need())).ShouldBe(403);
        (await Api.Post("/api/needs", partner.Key, Need())).ShouldBe(403);
        (await Api.Post("/api/needs", analyst.Key, Need())).ShouldBe(403);
        (await Api.Post("/api/needs", Api.AdminKey, Need("MEX"))).ShouldBe(201);

        // An organisation located later (admin) gains the right for its country.
        (await Api.Put($"/api/organisations/{provider.Id}/location", Api.AdminKey, new { country = "KGZ" }, null)).ShouldBe(200);
        (await Api.Post("/api/needs", provider.Key, Need("KGZ"))).ShouldBe(403); // an international organisation still not
    }

    [Fact]
    public async Task Analysts_read_every_need_others_only_the_countries_they_speak_for()
    {
        var kazakhstan = await National("KAZ", "Bureau of National Statistics");
        var uzbekistan = await National("UZB", "Statistics Agency of Uzbekistan");
        var analyst = await Api.NewOrganisationWithKey("Secretariat", Roles.Analyst);
        var partner = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        var kz = (await Api.Post("/api/needs", kazakhstan.Key, Need("KAZ"))).ShouldBe(201).Json["id"]!.GetValue<Guid>();
        (await Api.Post("/api/needs", uzbekistan.Key, Need("UZB"))).ShouldBe(201);

        (await Api.Get($"/api/needs/{kz}", analyst.Key)).ShouldBe(200);
        (await Api.Get($"/api/needs/{kz}", uzbekistan.Key)).ShouldBe(404);
        (await Api.Get($"/api/needs/{kz}/history", uzbekistan.Key)).ShouldBe(404);
        Assert.Equal(2, (await Api.Get("/api/needs", analyst.Key)).ShouldBe(200).Json["total"]!.GetValue<int>());
        var own = (await Api.Get("/api/needs", uzbekistan.Key)).ShouldBe(200).Json["items"]!.AsArray();
        Assert.Equal(["UZB"], own.Select(n => n!["country"]!.GetValue<string>()));
        Assert.Equal(1, (await Api.Get("/api/needs?region=ECE&standard=EGMS-CF-2021&country=KAZ", analyst.Key)).Json["total"]!.GetValue<int>());
        (await Api.Get("/api/needs", partner.Key)).ShouldBe(403);
        (await Api.Get("/api/needs?country=ATLANTIS", analyst.Key)).ShouldRejectField("country");
    }

    [Theory]
    [InlineData("country", null)]
    [InlineData("country", "ATLANTIS")]
    [InlineData("estimatedTrainees", 0)]
    [InlineData("estimatedTrainees", 1_000_001)]
    [InlineData("source", "rumour")]
    [InlineData("priority", "urgent")]
    [InlineData("level", "expert")]
    [InlineData("neededBy", "1999-12-31")]
    public async Task Need_rules_answer_422_with_the_field(string field, object? value)
    {
        (await Api.Post("/api/needs", Api.AdminKey, Need().With(field, value))).ShouldRejectField(field);
    }

    [Fact]
    public async Task A_need_names_a_standard_or_a_discipline_with_known_codes()
    {
        (await Api.Post("/api/needs", Api.AdminKey, Need().With("standards", Array.Empty<string>()).With("disciplines", Array.Empty<string>())))
            .ShouldRejectField("standards");
        (await Api.Post("/api/needs", Api.AdminKey, Need().With("standards", new[] { "MADE-UP-1" }))).ShouldRejectField("standards[0]");
        (await Api.Post("/api/needs", Api.AdminKey, Need().With("notes", new string('n', 2001)))).ShouldRejectField("notes");
    }

    [Fact]
    public async Task A_need_is_revised_with_if_match_marked_met_by_real_offerings_and_then_closed()
    {
        var kazakhstan = await National("KAZ", "Bureau of National Statistics");
        var (provider, _, offeringId) = await Api.OpenOffering();
        var id = (await Api.Post("/api/needs", kazakhstan.Key, Need())).ShouldBe(201).Json["id"]!.GetValue<Guid>();

        (await Api.Put($"/api/needs/{id}", kazakhstan.Key, Need(trainees: 55), null)).ShouldBe(428);
        (await Api.Put($"/api/needs/{id}", kazakhstan.Key, Need(trainees: 55), "\"7\"")).ShouldBe(412);
        var revised = (await Api.Put($"/api/needs/{id}", kazakhstan.Key, Need(trainees: 55), "\"1\"")).ShouldBe(200);
        Assert.Equal("\"2\"", revised.Headers.Get("ETag"));
        Assert.Equal(55, revised.Json["estimatedTrainees"]!.GetValue<int>());
        (await Api.Put($"/api/needs/{id}", kazakhstan.Key, Need("UZB"), "\"2\"")).ShouldBe(403);

        (await Api.Post($"/api/needs/{id}/met", kazakhstan.Key, new { offerings = new[] { Guid.NewGuid() } })).ShouldRejectField("offerings");
        (await Api.Post($"/api/needs/{id}/met", provider.Key, new { offerings = new[] { offeringId } })).ShouldBe(404);
        var met = (await Api.Post($"/api/needs/{id}/met", kazakhstan.Key, new { offerings = new[] { offeringId }, note = "Trained in March" }))
            .ShouldBe(200).Json;
        Assert.Equal(("met", offeringId), (met["status"]!.GetValue<string>(), met["metBy"]![0]!.GetValue<Guid>()));
        (await Api.Put($"/api/needs/{id}", kazakhstan.Key, Need(), "\"3\"")).ShouldBe(409);
        (await Api.Post($"/api/needs/{id}/withdraw", kazakhstan.Key, new { reason = "late" })).ShouldBe(409);

        var history = (await Api.Get($"/api/needs/{id}/history", kazakhstan.Key)).ShouldBe(200).Json.AsArray();
        Assert.Equal(["training_need_recorded", "training_need_revised", "training_need_met"],
            history.Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal("Bureau of National Statistics", history[0]!["actingOrganisation"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_withdrawn_need_stays_readable_and_closed()
    {
        var id = (await Api.Post("/api/needs", Api.AdminKey, Need())).ShouldBe(201).Json["id"]!.GetValue<Guid>();
        var withdrawn = (await Api.Post($"/api/needs/{id}/withdraw", Api.AdminKey, new { reason = "Merged into the regional request" }))
            .ShouldBe(200).Json;
        Assert.Equal(("withdrawn", "Merged into the regional request"),
            (withdrawn["status"]!.GetValue<string>(), withdrawn["statusNote"]!.GetValue<string>()));
        (await Api.Post($"/api/needs/{id}/met", Api.AdminKey, new { })).ShouldBe(409);
        (await Api.Get($"/api/needs/{Guid.NewGuid()}", Api.AdminKey)).ShouldBe(404);
    }
}
