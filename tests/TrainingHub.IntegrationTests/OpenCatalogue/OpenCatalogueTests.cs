using System.Text.Json.Nodes;
using Ical.Net;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.OpenCatalogue;

public class OpenCatalogueTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private const string Email = "aigerim.bekova@stat.example.kz";

    /// <summary>A public programme with an offering one trainee enrolled in, and a private programme with an offering.</summary>
    private async Task<(Provider Provider, Guid Public, Guid PublicOffering, Guid Private, Guid PrivateOffering, Provider Partner)> World()
    {
        var provider = await Api.NewProvider();
        var open = await Api.RegisterProgramme(provider.Key);
        var offering = await Api.ScheduleOffering(provider.Key, open.Id, Bodies.OpenOffering(capacity: 12));
        var hidden = await Api.RegisterProgramme(provider.Key,
            Bodies.Programme("Internal briefing on the register pilot").With("visibility", "private"));
        var hiddenOffering = await Api.ScheduleOffering(provider.Key, hidden.Id, Bodies.OpenOffering());
        var partner = await Api.NewOrganisationWithKey("Partner portal", Roles.Partner);
        (await Api.Enrol(partner.Key, offering.Id, Bodies.Enrolment(Email))).ShouldBe(201);
        return (provider, open.Id, offering.Id, hidden.Id, hiddenOffering.Id, partner);
    }

    [Fact]
    public async Task Without_a_key_the_catalogue_shows_published_programmes_and_offerings_and_nothing_personal()
    {
        var (provider, open, offering, hidden, hiddenOffering, partner) = await World();

        var programmes = (await Api.Get("/api/public/programmes", key: null)).ShouldBe(200);
        Assert.Equal(open, Assert.Single(programmes.Json["items"]!.AsArray())!["id"]!.GetValue<Guid>());
        var offerings = (await Api.Get("/api/public/offerings", key: null)).ShouldBe(200);
        var listed = Assert.Single(offerings.Json["items"]!.AsArray())!;
        Assert.Equal((offering, 11), (listed["id"]!.GetValue<Guid>(), listed["seatsAvailable"]!.GetValue<int>()));
        Assert.Equal("UNFPA", listed["provider"]!["name"]!.GetValue<string>());

        (await Api.Get($"/api/public/programmes/{hidden}", key: null)).ShouldBe(404);
        (await Api.Get($"/api/public/offerings/{hiddenOffering}", key: null)).ShouldBe(404);
        (await Api.Get($"/api/public/offerings?programme={hidden}", key: null)).ShouldBe(200);
        Assert.Empty((await Api.Get($"/api/public/offerings?programme={hidden}", key: null)).Json["items"]!.AsArray());
        (await Api.Get($"/api/public/programmes/{Guid.NewGuid()}", key: null)).ShouldBe(404);
        (await Api.Get("/api/public/programmes?level=expert", key: null)).ShouldRejectField("level");

        // Nothing personal or about enrolments in any public answer, in any form.
        var everything = string.Join("\n",
            programmes.Body, offerings.Body,
            (await Api.Get($"/api/public/programmes/{open}", key: null)).ShouldBe(200).Body,
            (await Api.Get($"/api/public/offerings/{offering}", key: null)).ShouldBe(200).Body,
            (await Ld($"/api/public/programmes/{open}")).Body,
            (await Ld($"/api/public/offerings/{offering}")).Body,
            (await Api.Get("/api/public/catalogue", key: null)).ShouldBe(200).Body,
            (await Api.Get("/api/public/calendar.ics", key: null)).ShouldBe(200).Body);
        foreach (var secret in new[] { Email, "Aigerim", "Bekova", "portal-7781", "Bureau of National Statistics",
                     "\"confirmed\"", "waitlisted", "apiKeys", "reportedParticipation", "funding", hidden.ToString(), hiddenOffering.ToString(), partner.Id.ToString(),
                     "Internal briefing" })
            Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);

        // The keyed API is unchanged: the private programme is there for callers with a key.
        var keyed = (await Api.Get($"/api/programmes/{hidden}", partner.Key)).ShouldBe(200);
        Assert.Equal("private", keyed.Json["visibility"]!.GetValue<string>());
        (await Api.Get("/api/programmes", key: null)).ShouldBe(401);
        Assert.Equal(2, (await Api.Get($"/api/programmes?provider={provider.Id}", partner.Key)).Json["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_programme_and_an_offering_answer_schema_org_json_ld_with_the_standards_as_framework_items()
    {
        var (_, open, offering, _, _, _) = await World();

        var course = (await Ld($"/api/public/programmes/{open}")).Json;
        Assert.Equal("https://schema.org/", course["@context"]!["@vocab"]!.GetValue<string>());
        Assert.Equal("Course", course["@type"]!.GetValue<string>());
        Assert.EndsWith($"/api/public/programmes/{open}", course["@id"]!.GetValue<string>());
        Assert.Equal("Intermediate", course["educationalLevel"]!.GetValue<string>(), ignoreCase: true);
        var teaches = course["teaches"]!.AsArray().Select(t => t!).ToArray();
        Assert.Equal(["UN-RSIM-R1", "EGMS-CF-2021"], teaches.Select(t => t["termCode"]!.GetValue<string>()));
        // Each standard's identifier is its item in the CASE framework, which resolves without a key.
        foreach (var standard in teaches)
        {
            var item = new Uri(standard["@id"]!.GetValue<string>());
            var resolved = (await Api.Get(item.AbsolutePath, key: null)).ShouldBe(200).Json;
            Assert.Equal(standard["termCode"]!.GetValue<string>(), resolved["humanCodingScheme"]!.GetValue<string>());
        }
        var instance = Assert.Single(course["hasCourseInstance"]!.AsArray())!;
        Assert.Equal(("CourseInstance", "onsite", "Place", "KZ", 11),
            (instance["@type"]!.GetValue<string>(), instance["courseMode"]!.GetValue<string>(),
             instance["location"]!["@type"]!.GetValue<string>(),
             instance["location"]!["address"]!["addressCountry"]!.GetValue<string>(),
             instance["remainingAttendeeCapacity"]!.GetValue<int>()));

        var alone = (await Ld($"/api/public/offerings/{offering}")).Json;
        Assert.Equal(instance["@id"]!.GetValue<string>(), alone["@id"]!.GetValue<string>());
        Assert.Equal(course["@id"]!.GetValue<string>(), alone["@reverse"]!["hasCourseInstance"]!["@id"]!.GetValue<string>());
        Assert.Equal("https://schema.org/EventScheduled", alone["eventStatus"]!["@id"]!.GetValue<string>());

        // Plain JSON unless JSON-LD is preferred; the feed is JSON-LD.
        Assert.StartsWith("application/json", (await Api.Get($"/api/public/programmes/{open}", key: null)).ContentType);
        var feed = (await Api.Get("/api/public/catalogue?pageSize=1", key: null)).ShouldBe(200);
        Assert.StartsWith("application/ld+json", feed.ContentType);
        Assert.Equal("DataFeed", feed.Json["@type"]!.GetValue<string>());
        Assert.Equal(course["@id"]!.GetValue<string>(),
            Assert.Single(feed.Json["dataFeedElement"]!.AsArray())!["@id"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_calendar_keeps_each_offering_s_uid_raises_its_sequence_with_every_change_and_marks_cancellations()
    {
        var (provider, open, offering, _, _, _) = await World();
        var second = await Api.ScheduleOffering(provider.Key, open, Bodies.OpenOffering().With("venueCountry", "KGZ"));

        var before = Calendar.Load((await Api.Get("/api/public/calendar.ics", key: null)).ShouldBe(200).Body)!;
        Assert.Equal(2, before.Events.Count);
        var first = before.Events.Single(e => e.Uid!.StartsWith(offering.ToString(), StringComparison.Ordinal));
        Assert.Equal("CONFIRMED", first.Status);

        var current = (await Api.Get($"/api/offerings/{offering}", provider.Key)).Headers.Get("ETag");
        (await Api.Send(HttpMethod.Post, $"/api/offerings/{offering}/cancel", provider.Key, new { reason = "Venue unavailable" },
            headers: new Dictionary<string, string> { ["If-Match"] = current! })).ShouldBe(200);
        var after = Calendar.Load((await Api.Get("/api/public/calendar.ics", key: null)).Body)!;
        var cancelled = after.Events.Single(e => e.Uid == first.Uid);
        Assert.Equal("CANCELLED", cancelled.Status);
        Assert.True(cancelled.Sequence > first.Sequence, $"{cancelled.Sequence} after {first.Sequence}");
        var untouched = after.Events.Single(e => e.Uid!.StartsWith(second.Id.ToString(), StringComparison.Ordinal));
        Assert.Equal(before.Events.Single(e => e.Uid == untouched.Uid).Sequence, untouched.Sequence);

        // A change to the programme changes each of its offerings' entries.
        var programme = await Api.Get($"/api/programmes/{open}", provider.Key);
        (await Api.Put($"/api/programmes/{open}", provider.Key, Bodies.Programme("Migration statistics, revised"),
            programme.Headers.Get("ETag"))).ShouldBe(200);
        var revised = Calendar.Load((await Api.Get("/api/public/calendar.ics", key: null)).Body)!;
        Assert.True(revised.Events.Single(e => e.Uid == untouched.Uid).Sequence > untouched.Sequence);
        Assert.Equal("Migration statistics, revised", revised.Events.Single(e => e.Uid == untouched.Uid).Summary);

        var filtered = Calendar.Load((await Api.Get("/api/public/calendar.ics?country=KGZ", key: null)).Body)!;
        Assert.Equal(untouched.Uid, Assert.Single(filtered.Events).Uid);
        (await Api.Get("/api/public/calendar.ics?pageSize=5000", key: null)).ShouldRejectField("pageSize");
    }

    [Fact]
    public async Task A_joint_programme_names_its_partners_and_is_found_under_each_organiser()
    {
        var lead = await Api.NewProvider("UNFPA");
        var coOrganiser = await Api.NewProvider("UNECE");
        var donor = await Api.RegisterOrganisation("Migration Multi-Partner Trust Fund", "donor", "MPTF");
        var first = await Api.RegisterProgramme(lead.Key);
        var body = Bodies.Programme("Second workshop: census questions on migration")
            .With("partners", new object[]
            {
                new { organisationId = coOrganiser.Id, role = "co-organiser" },
                new { organisationId = donor, role = "funder" },
            })
            .With("followsOn", first.Id);
        var joint = (await Api.Post("/api/programmes", lead.Key, body)).ShouldBe(201).Json;
        var id = joint["id"]!.GetValue<Guid>();
        Assert.Equal([lead.Id, coOrganiser.Id], joint["organisers"]!.AsArray().Select(o => o!.GetValue<Guid>()));
        await Api.ScheduleOffering(lead.Key, id, Bodies.OpenOffering());

        // Found under the co-organiser, not under the funder; the co-organiser may not edit it.
        Assert.Contains(id, Ids((await Api.Get($"/api/programmes?provider={coOrganiser.Id}", coOrganiser.Key)).Json));
        Assert.Empty(Ids((await Api.Get($"/api/programmes?provider={donor}", coOrganiser.Key)).Json));
        Assert.Single(Ids((await Api.Get($"/api/offerings?provider={coOrganiser.Id}", coOrganiser.Key)).Json));
        Assert.Single(Ids((await Api.Get($"/api/public/offerings?provider={coOrganiser.Id}", key: null)).Json));
        var etag = (await Api.Get($"/api/programmes/{id}", lead.Key)).Headers.Get("ETag");
        (await Api.Put($"/api/programmes/{id}", coOrganiser.Key, body, etag)).ShouldBe(403);

        var shown = (await Api.Get($"/api/public/programmes/{id}", key: null)).ShouldBe(200).Json;
        Assert.Equal(("UNECE", "co-organiser"), (shown["partners"]![0]!["organisation"]!["name"]!.GetValue<string>(),
            shown["partners"]![0]!["role"]!.GetValue<string>()));
        Assert.Equal(first.Id, shown["followsOn"]!.GetValue<Guid>());
        var course = (await Ld($"/api/public/programmes/{id}")).Json;
        Assert.Equal(["UNFPA", "UNECE"], course["provider"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.Equal("Migration Multi-Partner Trust Fund", course["funder"]![0]!["name"]!.GetValue<string>());
        Assert.EndsWith($"/api/public/programmes/{first.Id}", course["isBasedOn"]!["@id"]!.GetValue<string>());

        // Partners must exist, be other than the provider, and have a known role; a programme follows an earlier one.
        (await Api.Post("/api/programmes", lead.Key, body.With("partners", new[] { new { organisationId = Guid.NewGuid(), role = "host" } })))
            .ShouldRejectField("partners[0].organisationId");
        (await Api.Post("/api/programmes", lead.Key, body.With("partners", new[] { new { organisationId = lead.Id, role = "host" } })))
            .ShouldRejectField("partners[0].organisationId");
        (await Api.Post("/api/programmes", lead.Key, body.With("partners", new[] { new { organisationId = donor, role = "sponsor" } })))
            .ShouldRejectField("partners[0].role");
        (await Api.Post("/api/programmes", lead.Key, body.With("followsOn", Guid.NewGuid()))).ShouldRejectField("followsOn");
        var firstEtag = (await Api.Get($"/api/programmes/{first.Id}", lead.Key)).Headers.Get("ETag");
        (await Api.Put($"/api/programmes/{first.Id}", lead.Key, Bodies.Programme().With("followsOn", id), firstEtag))
            .ShouldRejectField("followsOn");
        (await Api.Post("/api/programmes", lead.Key, body.With("visibility", "secret"))).ShouldRejectField("visibility");
    }

    private Task<Response> Ld(string url) =>
        Api.Send(HttpMethod.Get, url, key: null, headers: new Dictionary<string, string> { ["Accept"] = "application/ld+json" })
            .ContinueWith(t =>
            {
                var response = t.Result.ShouldBe(200);
                Assert.StartsWith("application/ld+json", response.ContentType);
                return response;
            });

    private static IEnumerable<Guid> Ids(JsonNode page) => page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>());
}
