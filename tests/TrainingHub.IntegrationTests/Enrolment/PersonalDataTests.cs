using Marten.Events;
using Npgsql;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Enrolment;

public class PersonalDataTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private readonly AppFixture _fixture = fixture;

    /// <summary>Counts rows, in every table of every non-system schema, whose text contains the needle.</summary>
    private async Task<Dictionary<string, long>> TablesContaining(string needle)
    {
        var found = new Dictionary<string, long>();
        await using var connection = new NpgsqlConnection(_fixture.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables " +
            "where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));

        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"select count(*) from {table} t where t::text ilike @needle", connection);
            count.Parameters.AddWithValue("needle", $"%{needle}%");
            var rows = (long)(await count.ExecuteScalarAsync())!;
            if (rows > 0) found[table] = rows;
        }
        return found;
    }

    private async Task<long> EventsOutsidePartnerTraineeStreamsContaining(string needle)
    {
        await using var connection = new NpgsqlConnection(_fixture.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            "select count(*) from traininghub.mt_events e where e::text ilike @needle and e.type not like 'partner_trainee_%'", connection);
        count.Parameters.AddWithValue("needle", $"%{needle}%");
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static readonly string[] PersonalValues =
        ["zhanar.k@stat.gov.kz", "Zhanar", "Kassymova", "Agency for Strategic Planning", "portal-ref-5521", "Certificate of Z. Kassymova"];

    /// <summary>A careless partner puts the e-mail in its Idempotency-Key.</summary>
    private const string CarelessKey = "enrol-zhanar.k@stat.gov.kz-2027";

    [Fact]
    public async Task Erasure_removes_every_trace_of_the_person_and_keeps_every_count()
    {
        var (provider, _, offeringId) = await Api.OpenOffering(capacity: 1);
        var portal = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        var analyst = await Api.NewOrganisationWithKey("Secretariat", Roles.Analyst);
        var body = new Dictionary<string, object?>
        {
            ["trainee"] = new Dictionary<string, object?>
            {
                ["email"] = "Zhanar.K@stat.gov.kz", ["givenName"] = "Zhanar", ["familyName"] = "Kassymova",
                ["sex"] = "female", ["countryOfResidence"] = "KAZ",
                ["organisation"] = "Agency for Strategic Planning", ["organisationType"] = "ministry",
            },
            ["partnerReference"] = "portal-ref-5521",
        };
        var enrolled = (await Api.Enrol(portal.Key, offeringId, body, idempotencyKey: CarelessKey)).ShouldBe(201).Json;
        var traineeId = enrolled["traineeId"]!.GetValue<Guid>();
        var enrolmentId = enrolled["enrolmentId"]!.GetValue<Guid>();
        await Api.Enrol(portal.Key, offeringId, Bodies.Enrolment("someone@x.org", givenName: "Dana"));
        await Api.Post($"/api/enrolments/{enrolmentId}/assessments", provider.Key, new { kind = "post", score = 80 });
        // A provider that puts a name in the certificate id.
        await Api.Post($"/api/enrolments/{enrolmentId}/completion", provider.Key,
            new { outcome = "completed", certificateId = "Certificate of Z. Kassymova" });
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var export = await Api.Get($"/api/trainees/{traineeId}/export", portal.Key);
        export.ShouldBe(200);
        var record = export.Json["records"]![0]!;
        Assert.Equal("zhanar.k@stat.gov.kz", record["person"]!["email"]!.GetValue<string>());
        Assert.Equal("portal-ref-5521", record["references"]![0]!["partnerReference"]!.GetValue<string>());
        Assert.Equal("Certificate of Z. Kassymova", record["references"]![0]!["certificateId"]!.GetValue<string>());
        foreach (var value in PersonalValues) Assert.NotEmpty(await TablesContaining(value));
        // Only where the README says: the partner's trainee stream and the document built from it (the person's own
        // document and its unique index hold a keyed hash).
        foreach (var value in PersonalValues)
            Assert.All((await TablesContaining(value)).Keys, table =>
                Assert.Contains(table.Split('.')[1], new[] { "mt_events", "mt_doc_partnertrainee" }));
        Assert.Equal(0, await EventsOutsidePartnerTraineeStreamsContaining("zhanar.k@stat.gov.kz"));
        // The Idempotency-Key is stored only as a keyed hash: no table holds it, no reader is shown it.
        Assert.Empty(await TablesContaining(CarelessKey));
        Assert.Empty(await TablesContaining("enrol-zhanar"));
        foreach (var reader in new[] { provider.Key, analyst.Key, portal.Key, Api.AdminKey })
            Assert.DoesNotContain("enrol-zhanar", (await Api.Get($"/api/enrolments/{enrolmentId}", reader)).ShouldBe(200).Body);
        // Analysts read no personal data: not even the certificate id.
        Assert.DoesNotContain("Kassymova", (await Api.Get($"/api/enrolments/{enrolmentId}", analyst.Key)).Body);
        Assert.DoesNotContain("Kassymova", (await Api.Get($"/api/trainees/{traineeId}/transcript", analyst.Key)).Body);
        var before = await Api.Get($"/api/trainees/{traineeId}/transcript", analyst.Key);
        var enrolmentBefore = (await Api.Get($"/api/enrolments/{enrolmentId}", Api.AdminKey)).Json["enrolment"]!;

        (await Api.Delete($"/api/trainees/{traineeId}", portal.Key)).ShouldBe(204);

        foreach (var value in PersonalValues)
            Assert.True((await TablesContaining(value)).Count == 0,
                $"'{value}' still found in: {string.Join(", ", (await TablesContaining(value)).Keys)}");
        Assert.NotEmpty(await TablesContaining("Dana"));

        var enrolmentAfter = (await Api.Get($"/api/enrolments/{enrolmentId}", Api.AdminKey)).Json["enrolment"]!;
        foreach (var field in new[] { "countryOfResidence", "sex", "organisationType", "status", "outcome", "passed", "traineeId" })
            Assert.Equal(enrolmentBefore[field]!.ToJsonString(), enrolmentAfter[field]!.ToJsonString());
        Assert.Equal(before.Body, (await Api.Get($"/api/trainees/{traineeId}/transcript", analyst.Key)).Body);

        var exportAfter = (await Api.Get($"/api/trainees/{traineeId}/export", Api.AdminKey)).ShouldBe(200).Json;
        Assert.True(exportAfter["records"]![0]!["erased"]!.GetValue<bool>());
        Assert.Null(exportAfter["records"]![0]!["person"]!["email"]);

        // A retry of the erased enrolment's request cannot be compared any more: it is told why.
        var replay = await Api.Enrol(portal.Key, offeringId, body, idempotencyKey: CarelessKey);
        replay.ShouldBe(409);
        Assert.Contains("erased", replay.Body);

        // Admin erases the person everywhere: a later enrolment with the same address is a new, unlinked person.
        (await Api.Delete($"/api/trainees/{traineeId}", Api.AdminKey)).ShouldBe(204);
        var again = await Api.Enrol(portal.Key, offeringId, body, idempotencyKey: "after-erasure");
        again.ShouldBe(201);
        Assert.NotEqual(traineeId, again.Json["traineeId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Only_the_enrolling_partners_and_admin_export_or_erase()
    {
        var (provider, _, offeringId) = await Api.OpenOffering();
        var portal = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        var stranger = await Api.NewOrganisationWithKey("Other portal", Roles.Partner);
        var analyst = await Api.NewOrganisationWithKey("Secretariat", Roles.Analyst);
        var traineeId = (await Api.Enrol(portal.Key, offeringId, Bodies.Enrolment("p@x.org"))).Json["traineeId"]!.GetValue<Guid>();

        (await Api.Get($"/api/trainees/{traineeId}/export", stranger.Key)).ShouldBe(404);
        (await Api.Get($"/api/trainees/{traineeId}/export", analyst.Key)).ShouldBe(404);
        (await Api.Get($"/api/trainees/{traineeId}/export", provider.Key)).ShouldBe(404);
        (await Api.Get($"/api/trainees/{traineeId}/export", Api.AdminKey)).ShouldBe(200);
        (await Api.Delete($"/api/trainees/{traineeId}", stranger.Key)).ShouldBe(404);
        (await Api.Delete($"/api/trainees/{traineeId}", analyst.Key)).ShouldBe(403);
        (await Api.Delete($"/api/trainees/{Guid.NewGuid()}", Api.AdminKey)).ShouldBe(404);
    }
}
