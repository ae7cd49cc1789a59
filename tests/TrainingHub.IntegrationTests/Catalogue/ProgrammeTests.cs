using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;
using TrainingHub.Offerings;

namespace TrainingHub.IntegrationTests.Catalogue;

public class ProgrammeTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task A_provider_registers_a_programme_as_its_own()
    {
        var provider = await Api.NewProvider("UNFPA");
        var body = Bodies.Programme().With("providerId", Guid.NewGuid());

        var response = await Api.Post("/api/programmes", provider.Key, body);

        response.ShouldBe(201);
        var id = response.Json["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/programmes/{id}", response.Headers.Get("Location"));
        Assert.Equal("\"1\"", response.Headers.Get("ETag"));
        Assert.Equal(provider.Id, response.Json["providerId"]!.GetValue<Guid>());

        var fetched = await Api.Get($"/api/programmes/{id}", provider.Key);
        fetched.ShouldBe(200);
        Assert.Equal("\"1\"", fetched.Headers.Get("ETag"));
        Assert.Equal("Measuring international migrant stocks and flows", fetched.Json["title"]!.GetValue<string>());
        Assert.Equal(["ECE", "ESCAP"], fetched.Json["servedRegions"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task Partners_and_analysts_cannot_register_programmes()
    {
        var partner = await Api.NewOrganisationWithKey("Regional portal", Roles.Partner);
        var analyst = await Api.NewOrganisationWithKey("Secretariat", Roles.Analyst);
        (await Api.Post("/api/programmes", partner.Key, Bodies.Programme())).ShouldBe(403);
        (await Api.Post("/api/programmes", analyst.Key, Bodies.Programme())).ShouldBe(403);
        (await Api.Post("/api/programmes", null, Bodies.Programme())).ShouldBe(401);
    }

    [Theory]
    [InlineData("title", "")]
    [InlineData("level", "expert")]
    [InlineData("passMark", 120)]
    [InlineData("durationHours", 0)]
    [InlineData("url", "javascript:alert(1)")]
    public async Task Programme_rules_answer_422_with_the_field(string field, object value)
    {
        var provider = await Api.NewProvider();
        (await Api.Post("/api/programmes", provider.Key, Bodies.Programme().With(field, value))).ShouldRejectField(field);
    }

    [Fact]
    public async Task Title_longer_than_300_and_no_disciplines_are_rejected()
    {
        var provider = await Api.NewProvider();
        (await Api.Post("/api/programmes", provider.Key, Bodies.Programme(new string('t', 301)))).ShouldRejectField("title");
        (await Api.Post("/api/programmes", provider.Key, Bodies.Programme().With("disciplines", Array.Empty<string>())))
            .ShouldRejectField("disciplines");
        (await Api.Post("/api/programmes", provider.Key, Bodies.Programme().Without("disciplines")))
            .ShouldRejectField("disciplines");
    }

    [Fact]
    public async Task Unknown_codes_are_422_naming_field_and_value()
    {
        var provider = await Api.NewProvider();
        var response = await Api.Post("/api/programmes", provider.Key, Bodies.Programme()
            .With("standards", new[] { "EGMS-CF-2021", "MADE-UP-1" })
            .With("countries", new[] { "ATLANTIS" }));

        response.ShouldRejectField("standards[1]").ShouldRejectField("countries[0]");
        Assert.Contains("MADE-UP-1", response.Body);
        Assert.Contains("ATLANTIS", response.Body);
    }

    [Fact]
    public async Task Malformed_json_wrong_types_and_null_bodies_are_400()
    {
        var provider = await Api.NewProvider();
        (await Api.Send(HttpMethod.Post, "/api/programmes", provider.Key, rawJson: "{ \"title\": ")).ShouldBe(400);
        (await Api.Send(HttpMethod.Post, "/api/programmes", provider.Key, rawJson: "{ \"durationHours\": \"many\" }"))
            .ShouldBe(400);
        (await Api.Send(HttpMethod.Post, "/api/programmes", provider.Key, rawJson: "null")).ShouldBe(400);
        (await Api.Send(HttpMethod.Post, "/api/programmes", provider.Key, rawJson: "[1,2]")).ShouldBe(400);

        var list = await Api.Get("/api/programmes", provider.Key);
        Assert.Equal(0, list.Json["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Unknown_programme_is_404_problem()
    {
        var provider = await Api.NewProvider();
        (await Api.Get($"/api/programmes/{Guid.NewGuid()}", provider.Key)).ShouldBe(404);
        (await Api.Get("/api/no-such-thing", provider.Key)).ShouldBe(404);
    }

    [Fact]
    public async Task Revising_requires_the_current_etag()
    {
        var provider = await Api.NewProvider();
        var programme = await Api.RegisterProgramme(provider.Key);
        var url = $"/api/programmes/{programme.Id}";
        var revised = Bodies.Programme("Migration statistics: stocks, flows and temporary mobility");

        (await Api.Put(url, provider.Key, revised, ifMatch: null)).ShouldBe(428);
        (await Api.Put(url, provider.Key, revised, ifMatch: "\"7\"")).ShouldBe(412);

        var ok = await Api.Put(url, provider.Key, revised, ifMatch: "\"1\"");
        ok.ShouldBe(200);
        Assert.Equal("\"2\"", ok.Headers.Get("ETag"));
        Assert.Equal("Migration statistics: stocks, flows and temporary mobility", ok.Json["title"]!.GetValue<string>());

        (await Api.Put(url, provider.Key, Bodies.Programme("Again"), ifMatch: "\"1\"")).ShouldBe(412);
        var current = await Api.Get(url, provider.Key);
        Assert.Equal("Migration statistics: stocks, flows and temporary mobility", current.Json["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Revising_never_matches_a_weak_etag_and_refuses_a_wildcard()
    {
        var provider = await Api.NewProvider();
        var programme = await Api.RegisterProgramme(provider.Key);
        var url = $"/api/programmes/{programme.Id}";
        var revised = Bodies.Programme("Migration statistics: stocks, flows and temporary mobility");

        (await Api.Put(url, provider.Key, revised, ifMatch: "W/\"1\"")).ShouldBe(412);
        (await Api.Put(url, provider.Key, revised, ifMatch: "*")).ShouldBe(428);
        Assert.Equal("\"1\"", (await Api.Get(url, provider.Key)).ShouldBe(200).Headers.Get("ETag"));
    }

    [Fact]
    public async Task Revising_validates_the_new_content()
    {
        var provider = await Api.NewProvider();
        var programme = await Api.RegisterProgramme(provider.Key);
        (await Api.Put($"/api/programmes/{programme.Id}", provider.Key, Bodies.Programme().With("level", "guru"), "\"1\""))
            .ShouldRejectField("level");
    }

    [Fact]
    public async Task Another_provider_cannot_touch_the_programme_but_admin_can()
    {
        var owner = await Api.NewProvider("UNFPA");
        var other = await Api.NewProvider("IOM");
        var programme = await Api.RegisterProgramme(owner.Key);
        var url = $"/api/programmes/{programme.Id}";

        (await Api.Put(url, other.Key, Bodies.Programme("Hijacked"), "\"1\"")).ShouldBe(403);
        (await Api.Post($"{url}/retire", other.Key, new { reason = "mine now" })).ShouldBe(403);
        (await Api.Post($"{url}/offerings", other.Key, Bodies.Offering())).ShouldBe(403);
        (await Api.Get($"{url}/history", other.Key)).ShouldBe(403);

        (await Api.Put(url, Api.AdminKey, Bodies.Programme("Corrected by the secretariat"), "\"1\"")).ShouldBe(200);
    }

    [Fact]
    public async Task A_retired_programme_is_frozen()
    {
        var provider = await Api.NewProvider();
        var programme = await Api.RegisterProgramme(provider.Key);
        var url = $"/api/programmes/{programme.Id}";

        var retired = await Api.Post($"{url}/retire", provider.Key, new { reason = "Replaced by the 2025 recommendations" });
        retired.ShouldBe(200);
        Assert.Equal("retired", retired.Json["status"]!.GetValue<string>());

        (await Api.Post($"{url}/retire", provider.Key, new { })).ShouldBe(409);
        (await Api.Put(url, provider.Key, Bodies.Programme("Revived"), "\"2\"")).ShouldBe(409);
        (await Api.Post($"{url}/offerings", provider.Key, Bodies.Offering())).ShouldBe(409);
    }

    [Fact]
    public async Task History_lists_events_in_order_with_the_acting_organisation()
    {
        var provider = await Api.NewProvider("UNECE");
        var programme = await Api.RegisterProgramme(provider.Key);
        var url = $"/api/programmes/{programme.Id}";
        await Api.Put(url, Api.AdminKey, Bodies.Programme("Revised by admin"), "\"1\"");
        await Api.Post($"{url}/retire", provider.Key, new { reason = "done" });
        var analyst = await Api.NewOrganisationWithKey("Secretariat", Roles.Analyst);

        var history = await Api.Get($"{url}/history", analyst.Key);

        history.ShouldBe(200);
        var entries = history.Json.AsArray();
        Assert.Equal([1L, 2L, 3L], entries.Select(e => e!["version"]!.GetValue<long>()));
        Assert.Equal(["programme_registered", "programme_revised", "programme_retired"],
            entries.Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal(provider.Id, entries[0]!["actingOrganisation"]!["id"]!.GetValue<Guid>());
        Assert.Equal("UNECE", entries[0]!["actingOrganisation"]!["name"]!.GetValue<string>());
        Assert.Equal(Caller.AdministrationOrganisationId, entries[1]!["actingOrganisation"]!["id"]!.GetValue<Guid>());
        Assert.Equal(provider.Id, entries[2]!["actingOrganisation"]!["id"]!.GetValue<Guid>());
        Assert.Equal("done", entries[2]!["data"]!["reason"]!.GetValue<string>());
        Assert.True(entries[0]!["timestamp"]!.GetValue<DateTimeOffset>() <= entries[2]!["timestamp"]!.GetValue<DateTimeOffset>());

        (await Api.Get($"{url}/history", provider.Key)).ShouldBe(200);
    }
}
