using Marten.Events;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;
using TrainingHub.Offerings;

namespace TrainingHub.IntegrationTests.Enrolment;

public class EnrolmentTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task A_partner_enrols_a_trainee_into_a_free_seat()
    {
        var (provider, _, offeringId) = await Api.OpenOffering();
        var partner = await Api.NewOrganisationWithKey("Kazakh NSO portal", Roles.Partner);

        var response = await Api.Enrol(partner.Key, offeringId, Bodies.Enrolment("a.b@stat.gov.kz"));

        response.ShouldBe(201);
        var enrolmentId = response.Json["enrolmentId"]!.GetValue<Guid>();
        Assert.Equal($"/api/enrolments/{enrolmentId}", response.Headers.Get("Location"));
        Assert.Equal("confirmed", response.Json["status"]!.GetValue<string>());
        Assert.Null(response.Json["waitlistPosition"]);
        Assert.NotEqual(Guid.Empty, response.Json["traineeId"]!.GetValue<Guid>());

        var read = await Api.Get($"/api/enrolments/{enrolmentId}", partner.Key);
        read.ShouldBe(200);
        Assert.Equal("confirmed", read.Json["enrolment"]!["status"]!.GetValue<string>());
        Assert.Equal("portal-7781", read.Json["partnerReference"]!.GetValue<string>());
        Assert.Equal("KAZ", read.Json["enrolment"]!["countryOfResidence"]!.GetValue<string>());
        Assert.DoesNotContain("a.b@stat.gov.kz", read.Body);

        var byProvider = await Api.Get($"/api/enrolments/{enrolmentId}", provider.Key);
        byProvider.ShouldBe(200);
        Assert.Null(byProvider.Json["partnerReference"]);
    }

    [Fact]
    public async Task Enrolment_needs_an_idempotency_key_and_valid_trainee_details()
    {
        var (_, _, offeringId) = await Api.OpenOffering();
        var partner = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        var url = $"/api/offerings/{offeringId}/enrolments";

        (await Api.Send(HttpMethod.Post, url, partner.Key, Bodies.Enrolment("x@y.org"))).ShouldBe(400);
        (await Api.Enrol(partner.Key, offeringId, Bodies.Enrolment("not-an-email"))).ShouldRejectField("trainee.email");
        (await Api.Enrol(partner.Key, offeringId, Bodies.Enrolment("x@y.org", sex: "robot"))).ShouldRejectField("trainee.sex");
        (await Api.Enrol(partner.Key, offeringId, Bodies.Enrolment("x@y.org", country: "XYZ")))
            .ShouldRejectField("trainee.countryOfResidence");
        (await Api.Enrol(partner.Key, offeringId, new { partnerReference = "r" })).ShouldRejectField("trainee");
        (await Api.Enrol(partner.Key, Guid.NewGuid(), Bodies.Enrolment("x@y.org"))).ShouldBe(404);
    }

    [Fact]
    public async Task Only_partners_enrol()
    {
        var (provider, _, offeringId) = await Api.OpenOffering();
        var analyst = await Api.NewOrganisationWithKey("Secretariat", Roles.Analyst);
        (await Api.Enrol(provider.Key, offeringId, Bodies.Enrolment("x@y.org"))).ShouldBe(403);
        (await Api.Enrol(analyst.Key, offeringId, Bodies.Enrolment("x@y.org"))).ShouldBe(403);
    }

    [Fact]
    public async Task One_person_is_one_trainee_across_partners_and_a_partner_cannot_enrol_them_twice_in_an_offering()
    {
        var (_, _, offeringId) = await Api.OpenOffering();
        var portalA = await Api.NewOrganisationWithKey("Portal A", Roles.Partner);
        var portalB = await Api.NewOrganisationWithKey("Portal B", Roles.Partner);

        var first = await Api.Enrol(portalA.Key, offeringId, Bodies.Enrolment("Aigerim.B@Stat.gov.kz"));
        var twice = await Api.Enrol(portalA.Key, offeringId, Bodies.Enrolment(" aigerim.b@stat.gov.kz "));
        first.ShouldBe(201);
        twice.ShouldBe(409);
        Assert.Contains("live enrolment", twice.Body);

        // Partner B is not told that partner A enrolled the person here; the person is still counted once.
        var byB = await Api.Enrol(portalB.Key, offeringId, Bodies.Enrolment("aigerim.b@stat.gov.kz"));
        byB.ShouldBe(201);
        Assert.Equal(first.Json["traineeId"]!.GetValue<Guid>(), byB.Json["traineeId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Enrolment_only_while_the_window_is_open_and_the_offering_scheduled()
    {
        var provider = await Api.NewProvider();
        var partner = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        var programme = await Api.RegisterProgramme(provider.Key);
        var notYet = await Api.ScheduleOffering(provider.Key, programme.Id, Bodies.OpenOffering()
            .With("enrolmentOpensAt", DateTime.UtcNow.Date.AddDays(10).ToString("O")));
        var past = await Api.ScheduleOffering(provider.Key, programme.Id, Bodies.Offering()
            .With("startDate", "2019-05-14").With("endDate", "2019-05-16").With("enrolmentOpensAt", null).With("enrolmentClosesAt", null));
        var cancelled = await Api.ScheduleOffering(provider.Key, programme.Id, Bodies.OpenOffering());
        await Api.Post($"/api/offerings/{cancelled.Id}/cancel", provider.Key, new { reason = "No funding" });

        var early = await Api.Enrol(partner.Key, notYet.Id, Bodies.Enrolment("a@b.org"));
        early.ShouldBe(409);
        Assert.Contains("not open", early.Body);
        (await Api.Enrol(partner.Key, past.Id, Bodies.Enrolment("a@b.org"))).ShouldBe(409);
        (await Api.Enrol(partner.Key, cancelled.Id, Bodies.Enrolment("a@b.org"))).ShouldBe(409);
    }

    [Fact]
    public async Task Retrying_with_the_same_key_and_body_returns_the_same_answer_and_changes_nothing()
    {
        var (_, _, offeringId) = await Api.OpenOffering(capacity: 1);
        var portal = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        await Api.Enrol(portal.Key, offeringId, Bodies.Enrolment("first@x.org"));

        var original = await Api.Enrol(portal.Key, offeringId, Bodies.Enrolment("second@x.org"), "retry-1");
        await Api.Enrol(portal.Key, offeringId, Bodies.Enrolment("third@x.org"));
        var retry = await Api.Enrol(portal.Key, offeringId, Bodies.Enrolment("second@x.org"), "retry-1");

        original.ShouldBe(201);
        retry.ShouldBe(201);
        Assert.Equal(original.Body, retry.Body);
        Assert.Equal(1, original.Json["waitlistPosition"]!.GetValue<int>());

        var mine = await Api.Get("/api/partners/me/enrolments", portal.Key);
        Assert.Equal(3, mine.Json["total"]!.GetValue<long>());

        var different = await Api.Enrol(portal.Key, offeringId, Bodies.Enrolment("someone.else@x.org"), "retry-1");
        different.ShouldRejectField("Idempotency-Key");

        var otherPortal = await Api.NewOrganisationWithKey("Other portal", Roles.Partner);
        (await Api.Enrol(otherPortal.Key, offeringId, Bodies.Enrolment("fourth@x.org"), "retry-1")).ShouldBe(201);
    }

    [Fact]
    public async Task Overflow_goes_to_the_waitlist_and_a_withdrawal_promotes_the_first_in_line()
    {
        var (provider, _, offeringId) = await Api.OpenOffering(capacity: 2);
        var portal = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        var ids = new List<Guid>();
        foreach (var email in new[] { "a@x.org", "b@x.org", "c@x.org", "d@x.org" })
            ids.Add((await Api.Enrol(portal.Key, offeringId, Bodies.Enrolment(email))).ShouldBe(201).Json["enrolmentId"]!.GetValue<Guid>());

        var roster = (await Api.Get($"/api/offerings/{offeringId}/roster", provider.Key)).ShouldBe(200).Json;
        Assert.Equal([ids[0], ids[1]], roster["confirmed"]!.AsArray().Select(e => e!["enrolmentId"]!.GetValue<Guid>()));
        Assert.Equal([ids[2], ids[3]], roster["waitlist"]!.AsArray().Select(e => e!["enrolmentId"]!.GetValue<Guid>()));
        Assert.Equal([1, 2], roster["waitlist"]!.AsArray().Select(e => e!["waitlistPosition"]!.GetValue<int>()));
        Assert.Equal("Aigerim", roster["confirmed"]![0]!["givenName"]!.GetValue<string>());

        (await Api.Post($"/api/enrolments/{ids[0]}/withdraw", portal.Key, null)).ShouldBe(200);

        var promoted = (await Api.Get($"/api/enrolments/{ids[2]}", portal.Key)).Json;
        Assert.Equal("confirmed", promoted["enrolment"]!["status"]!.GetValue<string>());
        var next = (await Api.Get($"/api/enrolments/{ids[3]}", portal.Key)).Json;
        Assert.Equal(1, next["waitlistPosition"]!.GetValue<int>());
        (await Api.Post($"/api/enrolments/{ids[0]}/withdraw", portal.Key, null)).ShouldBe(409);
    }

    [Fact]
    public async Task A_waitlisted_withdrawal_closes_the_gap()
    {
        var (provider, _, offeringId) = await Api.OpenOffering(capacity: 1);
        var portal = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        var ids = new List<Guid>();
        foreach (var email in new[] { "a@x.org", "b@x.org", "c@x.org", "d@x.org" })
            ids.Add((await Api.Enrol(portal.Key, offeringId, Bodies.Enrolment(email))).Json["enrolmentId"]!.GetValue<Guid>());

        (await Api.Post($"/api/enrolments/{ids[2]}/withdraw", portal.Key, null)).ShouldBe(200);

        var roster = (await Api.Get($"/api/offerings/{offeringId}/roster", provider.Key)).Json;
        Assert.Equal([ids[1], ids[3]], roster["waitlist"]!.AsArray().Select(e => e!["enrolmentId"]!.GetValue<Guid>()));
        Assert.Equal([1, 2], roster["waitlist"]!.AsArray().Select(e => e!["waitlistPosition"]!.GetValue<int>()));
        Assert.Single(roster["confirmed"]!.AsArray());
    }

    [Fact]
    public async Task Raising_capacity_promotes_and_lowering_below_the_confirmed_count_is_refused()
    {
        var (provider, _, offeringId) = await Api.OpenOffering(capacity: 2);
        var portal = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        foreach (var email in new[] { "a@x.org", "b@x.org", "c@x.org", "d@x.org", "e@x.org" })
            await Api.Enrol(portal.Key, offeringId, Bodies.Enrolment(email));

        (await Api.Post($"/api/offerings/{offeringId}/capacity", provider.Key, new { capacity = 1 })).ShouldBe(409);
        (await Api.Post($"/api/offerings/{offeringId}/capacity", provider.Key, new { capacity = 4 })).ShouldBe(200);

        var roster = (await Api.Get($"/api/offerings/{offeringId}/roster", provider.Key)).Json;
        Assert.Equal(4, roster["confirmed"]!.AsArray().Count);
        Assert.Single(roster["waitlist"]!.AsArray());
        Assert.Equal(1, roster["waitlist"]![0]!["waitlistPosition"]!.GetValue<int>());
    }

    [Fact]
    public async Task Cancelling_the_offering_cancels_every_enrolment_with_the_reason()
    {
        var (provider, _, offeringId) = await Api.OpenOffering(capacity: 1);
        var portal = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        var confirmed = (await Api.Enrol(portal.Key, offeringId, Bodies.Enrolment("a@x.org"))).Json["enrolmentId"]!.GetValue<Guid>();
        var waitlisted = (await Api.Enrol(portal.Key, offeringId, Bodies.Enrolment("b@x.org"))).Json["enrolmentId"]!.GetValue<Guid>();

        (await Api.Post($"/api/offerings/{offeringId}/cancel", provider.Key, new { reason = "Venue flooded" })).ShouldBe(200);

        foreach (var id in new[] { confirmed, waitlisted })
        {
            var view = (await Api.Get($"/api/enrolments/{id}", portal.Key)).Json["enrolment"]!;
            Assert.Equal("cancelled", view["status"]!.GetValue<string>());
            Assert.Equal("Venue flooded", view["cancellationReason"]!.GetValue<string>());
        }
        var cancelledList = await Api.Get("/api/partners/me/enrolments?status=cancelled", portal.Key);
        Assert.Equal(2, cancelledList.Json["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_feed_lists_every_change_in_order_and_resumes_exactly_after_a_cursor()
    {
        var (provider, _, offeringId) = await Api.OpenOffering(capacity: 1);
        var portal = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        var other = await Api.NewOrganisationWithKey("Other portal", Roles.Partner);
        var a = (await Api.Enrol(portal.Key, offeringId, Bodies.Enrolment("a@x.org"))).Json["enrolmentId"]!.GetValue<Guid>();
        var b = (await Api.Enrol(portal.Key, offeringId, Bodies.Enrolment("b@x.org"))).Json["enrolmentId"]!.GetValue<Guid>();
        await Api.Enrol(other.Key, offeringId, Bodies.Enrolment("c@x.org"));
        await Api.Post($"/api/enrolments/{a}/withdraw", portal.Key, null);
        await Api.Post($"/api/enrolments/{b}/assessments", provider.Key, new { kind = "pre", score = 40 });
        await Api.Post($"/api/enrolments/{b}/completion", provider.Key, new { outcome = "completed" });
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var page1 = (await Api.Get("/api/partners/me/feed?limit=3", portal.Key)).ShouldBe(200).Json;
        var page2 = (await Api.Get($"/api/partners/me/feed?limit=3&after={page1["next"]}", portal.Key)).ShouldBe(200).Json;
        var page3 = (await Api.Get($"/api/partners/me/feed?limit=3&after={page2["next"]}", portal.Key)).ShouldBe(200).Json;

        var changes = page1["items"]!.AsArray().Concat(page2["items"]!.AsArray())
            .Select(e => $"{e!["change"]!.GetValue<string>()}:{(e["enrolmentId"]!.GetValue<Guid>() == a ? "a" : "b")}").ToArray();
        Assert.Equal(["confirmed:a", "waitlisted:b", "withdrawn:a", "promoted:b", "assessed:b", "completed:b"], changes);
        Assert.True(page1["hasMore"]!.GetValue<bool>());
        Assert.False(page2["hasMore"]!.GetValue<bool>());
        Assert.Empty(page3["items"]!.AsArray());
        Assert.Equal(page2["next"]!.GetValue<string>(), page3["next"]!.GetValue<string>());
        (await Api.Get("/api/partners/me/feed?after=yesterday", portal.Key)).ShouldRejectField("after");
    }
}
