using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Access;

public class AccessTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task No_key_is_401_problem_json() =>
        (await Api.Get("/api/organisations", key: null)).ShouldBe(401);

    [Fact]
    public async Task An_unknown_key_is_401() =>
        (await Api.Get("/api/organisations", key: "th_not-a-real-key")).ShouldBe(401);

    [Fact]
    public async Task Admin_registers_an_organisation_and_everyone_can_list_it()
    {
        var response = await Api.Post("/api/organisations", Api.AdminKey,
            new { name = "UN Economic Commission for Europe", kind = "regional-commission", code = "ece" });

        response.ShouldBe(201);
        var id = response.Json["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/organisations/{id}", response.Headers.Get("Location"));
        Assert.Equal("ECE", response.Json["code"]!.GetValue<string>());

        var analyst = await Api.NewOrganisationWithKey("Task Force secretariat", Roles.Analyst);
        var list = await Api.Get("/api/organisations", analyst.Key);
        list.ShouldBe(200);
        Assert.Contains(list.Json.AsArray(), o => o!["id"]!.GetValue<Guid>() == id);
        Assert.All(list.Json.AsArray(), o => Assert.Null(o!["apiKeys"]));
    }

    [Fact]
    public async Task Only_admin_registers_organisations()
    {
        var provider = await Api.NewProvider();
        (await Api.Post("/api/organisations", provider.Key, new { name = "Rogue", kind = "ngo" })).ShouldBe(403);
    }

    [Fact]
    public async Task Organisation_rules_are_422_and_duplicates_409()
    {
        (await Api.Post("/api/organisations", Api.AdminKey, new { name = "X", kind = "club" })).ShouldRejectField("kind");
        (await Api.Post("/api/organisations", Api.AdminKey, new { name = "", kind = "ngo" })).ShouldRejectField("name");

        await Api.RegisterOrganisation("IOM", "international", "IOM");
        (await Api.Post("/api/organisations", Api.AdminKey, new { name = "iom", kind = "international" })).ShouldBe(409);
        (await Api.Post("/api/organisations", Api.AdminKey, new { name = "Other", kind = "international", code = "iom" }))
            .ShouldBe(409);
    }

    [Fact]
    public async Task An_issued_key_works_with_its_role_and_is_shown_once()
    {
        var id = await Api.RegisterOrganisation("ILO");
        var issued = await Api.Post($"/api/organisations/{id}/api-keys", Api.AdminKey, new { role = "provider" });
        issued.ShouldBe(201);
        var key = issued.Json["key"]!.GetValue<string>();

        (await Api.Get("/api/reference/levels", key)).ShouldBe(200);
        (await Api.Post("/api/organisations", key, new { name = "Y", kind = "ngo" })).ShouldBe(403);

        var listed = await Api.Get("/api/organisations", Api.AdminKey);
        Assert.DoesNotContain(key, listed.Body);
        Assert.Contains(key[..8], listed.Body);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once()
    {
        var id = await Api.RegisterOrganisation("UNHCR");
        var issued = await Api.Post($"/api/organisations/{id}/api-keys", Api.AdminKey, new { role = "partner" });
        var key = issued.Json["key"]!.GetValue<string>();
        var keyId = issued.Json["id"]!.GetValue<Guid>();
        (await Api.Get("/api/reference/regions", key)).ShouldBe(200);

        (await Api.Delete($"/api/organisations/{id}/api-keys/{keyId}", Api.AdminKey)).ShouldBe(204);

        (await Api.Get("/api/reference/regions", key)).ShouldBe(401);
        (await Api.Delete($"/api/organisations/{id}/api-keys/{keyId}", Api.AdminKey)).ShouldBe(409);
    }

    [Fact]
    public async Task Keys_for_unknown_roles_organisations_or_key_ids_are_refused()
    {
        var id = await Api.RegisterOrganisation("UNODC");
        (await Api.Post($"/api/organisations/{id}/api-keys", Api.AdminKey, new { role = "root" })).ShouldRejectField("role");
        (await Api.Post($"/api/organisations/{Guid.NewGuid()}/api-keys", Api.AdminKey, new { role = "provider" })).ShouldBe(404);
        (await Api.Delete($"/api/organisations/{id}/api-keys/{Guid.NewGuid()}", Api.AdminKey)).ShouldBe(404);
    }
}
