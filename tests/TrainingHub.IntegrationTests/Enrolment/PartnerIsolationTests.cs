using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Enrolment;

/// <summary>
/// Partner sites are strangers to each other. Partner B, knowing only the e-mail of a trainee that partner A enrolled,
/// must learn and change nothing of what A supplied (an e-mail is easy to know, so it must open nothing).
/// </summary>
public class PartnerIsolationTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private static Dictionary<string, object?> Body(string givenName, string familyName, string organisation,
        string reference) => new()
    {
        ["trainee"] = new Dictionary<string, object?>
        {
            ["email"] = "gulnara.s@stat.gov.kz", ["givenName"] = givenName, ["familyName"] = familyName,
            ["sex"] = "female", ["countryOfResidence"] = "KAZ", ["organisation"] = organisation, ["organisationType"] = "nso",
        },
        ["partnerReference"] = reference,
    };

    [Fact]
    public async Task A_partner_that_knows_another_partner_s_trainee_e_mail_reaches_nothing_of_theirs()
    {
        var (providerA, _, offeringA) = await Api.OpenOffering(providerName: "UNECE");
        var (_, _, offeringB) = await Api.OpenOffering(providerName: "IOM");
        var portalA = await Api.NewOrganisationWithKey("Portal A", Roles.Partner);
        var portalB = await Api.NewOrganisationWithKey("Portal B", Roles.Partner);

        var byA = (await Api.Enrol(portalA.Key, offeringA, Body("Gulnara", "Seitova", "Bureau of National Statistics", "A-ref-77"),
            idempotencyKey: "a-secret-key-1")).ShouldBe(201).Json;
        var traineeId = byA["traineeId"]!.GetValue<Guid>();
        var enrolmentA = byA["enrolmentId"]!.GetValue<Guid>();
        await Api.Post($"/api/enrolments/{enrolmentA}/assessments", providerA.Key, new { kind = "pre", score = 41 });
        var exportABefore = (await Api.Get($"/api/trainees/{traineeId}/export", portalA.Key)).ShouldBe(200).Body;
        var rosterABefore = (await Api.Get($"/api/offerings/{offeringA}/roster", providerA.Key)).ShouldBe(200).Body;

        // B enrols into its own choice of offering with A's trainee's e-mail and a made-up name.
        var byB = (await Api.Enrol(portalB.Key, offeringB, Body("Made", "Up", "Fake Org", "B-ref-1"),
            idempotencyKey: "b-key-1")).ShouldBe(201).Json;
        Assert.Equal(traineeId, byB["traineeId"]!.GetValue<Guid>()); // one person, counted once
        Assert.Equal(4, traineeId.Version); // random: no creation time in the id tells B that A enrolled the person first
        var enrolmentB = byB["enrolmentId"]!.GetValue<Guid>();

        // B's export and transcript hold only what B supplied and B's own enrolment.
        var exportB = (await Api.Get($"/api/trainees/{traineeId}/export", portalB.Key)).ShouldBe(200);
        foreach (var secret in new[] { "Gulnara", "Seitova", "Bureau of National Statistics", "A-ref-77", "a-secret-key-1",
                     offeringA.ToString(), enrolmentA.ToString(), portalA.Id.ToString() })
            Assert.DoesNotContain(secret, exportB.Body);
        var recordB = Assert.Single(exportB.Json["records"]!.AsArray())!;
        Assert.Equal("Made", recordB["person"]!["givenName"]!.GetValue<string>());
        Assert.Equal(enrolmentB, Assert.Single(exportB.Json["enrolments"]!.AsArray())!["id"]!.GetValue<Guid>());
        var transcriptB = (await Api.Get($"/api/trainees/{traineeId}/transcript", portalB.Key)).ShouldBe(200);
        Assert.DoesNotContain(offeringA.ToString(), transcriptB.Body);
        Assert.Single(transcriptB.Json["enrolments"]!.AsArray());
        (await Api.Get($"/api/enrolments/{enrolmentA}", portalB.Key)).ShouldBe(404);

        // Nothing A supplied changed: A's export and provider A's roster read exactly as before.
        Assert.Equal(exportABefore, (await Api.Get($"/api/trainees/{traineeId}/export", portalA.Key)).ShouldBe(200).Body);
        Assert.Equal(rosterABefore, (await Api.Get($"/api/offerings/{offeringA}/roster", providerA.Key)).ShouldBe(200).Body);
        Assert.DoesNotContain("Made", (await Api.Get($"/api/trainees/{traineeId}/export", portalA.Key)).Body);

        // B's erasure erases B's data only; A's record and enrolment stand.
        (await Api.Delete($"/api/trainees/{traineeId}", portalB.Key)).ShouldBe(204);
        var exportAAfter = (await Api.Get($"/api/trainees/{traineeId}/export", portalA.Key)).ShouldBe(200).Json;
        var recordA = Assert.Single(exportAAfter["records"]!.AsArray())!;
        Assert.False(recordA["erased"]!.GetValue<bool>());
        Assert.Equal("Gulnara", recordA["person"]!["givenName"]!.GetValue<string>());
        Assert.Contains("Seitova", (await Api.Get($"/api/offerings/{offeringA}/roster", providerA.Key)).Body);

        // Admin sees both partners' records, B's erased.
        var adminExport = (await Api.Get($"/api/trainees/{traineeId}/export", Api.AdminKey)).ShouldBe(200).Json;
        var records = adminExport["records"]!.AsArray().Select(r => r!).ToArray();
        Assert.Equal(2, records.Length);
        Assert.Equal([false, true], records.OrderBy(r => r["partnerId"]!.GetValue<Guid>() == portalB.Id)
            .Select(r => r["erased"]!.GetValue<bool>()));
        Assert.Equal(2, adminExport["enrolments"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_roster_shows_per_enrolment_the_details_supplied_by_the_partner_that_made_it()
    {
        var (provider, _, offering) = await Api.OpenOffering();
        var portalA = await Api.NewOrganisationWithKey("Portal A", Roles.Partner);
        var portalB = await Api.NewOrganisationWithKey("Portal B", Roles.Partner);

        (await Api.Enrol(portalA.Key, offering, Body("Gulnara", "Seitova", "Bureau", "A-1"))).ShouldBe(201);
        (await Api.Enrol(portalB.Key, offering, Body("G.", "Seitova-Karimova", "Ministry", "B-1"))).ShouldBe(201);

        var confirmed = (await Api.Get($"/api/offerings/{offering}/roster", provider.Key)).ShouldBe(200).Json["confirmed"]!
            .AsArray().Select(e => e!["givenName"]!.GetValue<string>()).Order().ToArray();
        Assert.Equal(["G.", "Gulnara"], confirmed);
    }

    [Fact]
    public async Task A_partner_s_idempotency_keys_are_its_own()
    {
        var (_, _, offering) = await Api.OpenOffering();
        var portalA = await Api.NewOrganisationWithKey("Portal A", Roles.Partner);
        var portalB = await Api.NewOrganisationWithKey("Portal B", Roles.Partner);

        var a = (await Api.Enrol(portalA.Key, offering, Bodies.Enrolment("one@x.org"), idempotencyKey: "shared-key")).ShouldBe(201);
        // The same key from B is B's own first use: a new enrolment, nothing of A's replayed.
        var b = (await Api.Enrol(portalB.Key, offering, Bodies.Enrolment("two@x.org"), idempotencyKey: "shared-key")).ShouldBe(201);
        Assert.NotEqual(a.Json["enrolmentId"]!.ToJsonString(), b.Json["enrolmentId"]!.ToJsonString());
        Assert.NotEqual(a.Json["traineeId"]!.ToJsonString(), b.Json["traineeId"]!.ToJsonString());
    }
}
