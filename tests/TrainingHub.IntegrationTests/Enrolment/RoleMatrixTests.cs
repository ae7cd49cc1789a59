using Marten;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Enrolment;

/// <summary>Who may call each enrolment endpoint: partner A enrolled the trainee into provider A's offering.</summary>
public class RoleMatrixTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private sealed record World(Provider ProviderA, Provider ProviderB, Provider PartnerA, Provider PartnerB,
        Provider Analyst, string RevokedKey, Guid OfferingId, Guid EnrolmentId, Guid TraineeId)
    {
        public string? KeyOf(string role) => role switch
        {
            "partnerA" => PartnerA.Key,
            "partnerB" => PartnerB.Key,
            "providerA" => ProviderA.Key,
            "providerB" => ProviderB.Key,
            "analyst" => Analyst.Key,
            "admin" => Api.AdminKey,
            "revoked" => RevokedKey,
            _ => null,
        };
    }

    private async Task<World> Build()
    {
        var (providerA, _, offeringId) = await Api.OpenOffering(providerName: "UNFPA");
        var providerB = await Api.NewProvider("IOM");
        var partnerA = await Api.NewOrganisationWithKey("Portal A", Roles.Partner);
        var partnerB = await Api.NewOrganisationWithKey("Portal B", Roles.Partner);
        var analyst = await Api.NewOrganisationWithKey("Secretariat", Roles.Analyst);
        var revoked = await Api.Post($"/api/organisations/{partnerA.Id}/api-keys", Api.AdminKey, new { role = "partner" });
        await Api.Delete($"/api/organisations/{partnerA.Id}/api-keys/{revoked.Json["id"]}", Api.AdminKey);
        var enrolled = (await Api.Enrol(partnerA.Key, offeringId, Bodies.Enrolment("matrix@x.org"))).ShouldBe(201).Json;
        return new World(providerA, providerB, partnerA, partnerB, analyst, revoked.Json["key"]!.GetValue<string>(),
            offeringId, enrolled["enrolmentId"]!.GetValue<Guid>(), enrolled["traineeId"]!.GetValue<Guid>());
    }

    private static readonly string[] Roles8 = ["partnerA", "partnerB", "providerA", "providerB", "analyst", "admin", "revoked", "none"];

    // Expected status per role, in the order of Roles8.
    public static TheoryData<string, int[]> Matrix => new()
    {
        { "enrol", [201, 201, 403, 403, 403, 201, 401, 401] },
        { "get-enrolment", [200, 404, 200, 404, 200, 200, 401, 401] },
        { "withdraw", [200, 404, 403, 403, 403, 200, 401, 401] },
        { "roster", [403, 403, 200, 403, 403, 200, 401, 401] },
        { "my-enrolments", [200, 200, 403, 403, 403, 200, 401, 401] },
        { "my-feed", [200, 200, 403, 403, 403, 200, 401, 401] },
        { "assess", [403, 403, 201, 404, 403, 201, 401, 401] },
        { "complete", [403, 403, 200, 404, 403, 200, 401, 401] },
        { "transcript", [200, 404, 404, 404, 200, 200, 401, 401] },
        { "export", [200, 404, 404, 404, 404, 200, 401, 401] },
        { "erase", [204, 404, 403, 403, 403, 204, 401, 401] },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_role_gets_exactly_its_rights(string endpoint, int[] expected)
    {
        var observed = new List<int>();
        foreach (var role in Roles8)
        {
            await InitializeAsync();
            var world = await Build();
            var key = world.KeyOf(role);
            var response = endpoint switch
            {
                "enrol" => await Api.Enrol(key!, world.OfferingId, Bodies.Enrolment("another@x.org")),
                "get-enrolment" => await Api.Get($"/api/enrolments/{world.EnrolmentId}", key),
                "withdraw" => await Api.Post($"/api/enrolments/{world.EnrolmentId}/withdraw", key, null),
                "roster" => await Api.Get($"/api/offerings/{world.OfferingId}/roster", key),
                "my-enrolments" => await Api.Get("/api/partners/me/enrolments", key),
                "my-feed" => await Api.Get("/api/partners/me/feed", key),
                "assess" => await Api.Post($"/api/enrolments/{world.EnrolmentId}/assessments", key, new { kind = "pre", score = 50 }),
                "complete" => await Api.Post($"/api/enrolments/{world.EnrolmentId}/completion", key, new { outcome = "completed" }),
                "transcript" => await Api.Get($"/api/trainees/{world.TraineeId}/transcript", key),
                "export" => await Api.Get($"/api/trainees/{world.TraineeId}/export", key),
                "erase" => await Api.Delete($"/api/trainees/{world.TraineeId}", key),
                _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
            };
            if (response.Status >= 400) Assert.StartsWith("application/problem+json", response.ContentType ?? "");
            observed.Add(response.Status);
        }

        Assert.Equal(
            string.Join(", ", Roles8.Zip(expected, (r, s) => $"{r}={s}")),
            string.Join(", ", Roles8.Zip(observed, (r, s) => $"{r}={s}")));
    }

    [Fact]
    public async Task Partners_only_see_their_own_enrolments()
    {
        var world = await Build();
        var mine = await Api.Get("/api/partners/me/enrolments", world.PartnerA.Key);
        var theirs = await Api.Get("/api/partners/me/enrolments", world.PartnerB.Key);
        Assert.Equal(1, mine.Json["total"]!.GetValue<long>());
        Assert.Equal(0, theirs.Json["total"]!.GetValue<long>());
    }
}
