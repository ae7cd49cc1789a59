using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;
using TrainingHub.Offerings;

namespace TrainingHub.IntegrationTests.Catalogue;

public class OfferingTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task The_owner_schedules_an_offering()
    {
        var provider = await Api.NewProvider();
        var programme = await Api.RegisterProgramme(provider.Key);

        var response = await Api.Post($"/api/programmes/{programme.Id}/offerings", provider.Key, Bodies.Offering());

        response.ShouldBe(201);
        var id = response.Json["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/offerings/{id}", response.Headers.Get("Location"));
        var fetched = await Api.Get($"/api/offerings/{id}", provider.Key);
        fetched.ShouldBe(200);
        Assert.Equal("\"1\"", fetched.Headers.Get("ETag"));
        Assert.Equal(programme.Id, fetched.Json["programmeId"]!.GetValue<Guid>());
        Assert.Equal(provider.Id, fetched.Json["providerId"]!.GetValue<Guid>());
        Assert.Equal("2027-03-01", fetched.Json["startDate"]!.GetValue<string>());
        Assert.Equal(["ECE", "ESCAP"], fetched.Json["venueRegions"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("scheduled", fetched.Json["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("endDate", "2027-02-01", "endDate")]
    [InlineData("enrolmentClosesAt", "2027-03-09T00:00:00Z", "enrolmentClosesAt")]
    [InlineData("capacity", 0, "capacity")]
    [InlineData("capacity", 10001, "capacity")]
    [InlineData("venueCountry", "QQQ", "venueCountry")]
    [InlineData("deliveryMode", "telepathy", "deliveryMode")]
    [InlineData("language", "fr", "language")]
    public async Task Offering_rules_answer_422(string field, object value, string rejected)
    {
        var provider = await Api.NewProvider();
        var programme = await Api.RegisterProgramme(provider.Key);
        (await Api.Post($"/api/programmes/{programme.Id}/offerings", provider.Key, Bodies.Offering().With(field, value)))
            .ShouldRejectField(rejected);
    }

    [Fact]
    public async Task Online_offerings_have_no_venue_and_in_person_ones_need_one()
    {
        var provider = await Api.NewProvider();
        var programme = await Api.RegisterProgramme(provider.Key);
        var url = $"/api/programmes/{programme.Id}/offerings";

        (await Api.Post(url, provider.Key, Bodies.Offering().With("deliveryMode", "online"))).ShouldRejectField("venueCountry");
        (await Api.Post(url, provider.Key, Bodies.Offering().With("venueCountry", null))).ShouldRejectField("venueCountry");
        (await Api.Post(url, provider.Key, Bodies.Offering().With("deliveryMode", "online").With("venueCountry", null)))
            .ShouldBe(201);
    }

    [Fact]
    public async Task Past_offerings_can_be_mapped()
    {
        var provider = await Api.NewProvider("UNECE");
        var programme = await Api.RegisterProgramme(provider.Key);
        var almaty2013 = Bodies.Offering().With("startDate", "2013-10-01").With("endDate", "2013-10-03")
            .With("enrolmentOpensAt", null).With("enrolmentClosesAt", null);
        (await Api.Post($"/api/programmes/{programme.Id}/offerings", provider.Key, almaty2013)).ShouldBe(201);
    }

    [Fact]
    public async Task Participation_can_be_reported_again_and_the_offering_still_changes_afterwards()
    {
        var provider = await Api.NewProvider();
        var programme = await Api.RegisterProgramme(provider.Key);
        var offering = await Api.ScheduleOffering(provider.Key, programme.Id);
        var url = $"/api/offerings/{offering.Id}";

        var first = await Api.Post($"{url}/reported-participation", provider.Key, new { participants = 20, female = 9 });
        Assert.Equal("\"2\"", first.ShouldBe(200).Headers.Get("ETag"));
        var same = await Api.Post($"{url}/reported-participation", provider.Key, new { participants = 20, female = 9 });
        Assert.Equal("\"2\"", same.ShouldBe(200).Headers.Get("ETag"));
        var corrected = await Api.Post($"{url}/reported-participation", provider.Key, new { participants = 21, female = 9 });
        Assert.Equal("\"3\"", corrected.ShouldBe(200).Headers.Get("ETag"));

        // Countries of residence: the same report twice is one event; the countries must be known and add up.
        var withCountries = new { participants = 21, female = 9, countries = new Dictionary<string, int> { ["KGZ"] = 8, ["KAZ"] = 13 } };
        Assert.Equal("\"4\"", (await Api.Post($"{url}/reported-participation", provider.Key, withCountries)).ShouldBe(200).Headers.Get("ETag"));
        Assert.Equal("\"4\"", (await Api.Post($"{url}/reported-participation", provider.Key, withCountries)).ShouldBe(200).Headers.Get("ETag"));
        (await Api.Post($"{url}/reported-participation", provider.Key,
            new { participants = 21, countries = new Dictionary<string, int> { ["ATLANTIS"] = 1 } })).ShouldRejectField("countries.ATLANTIS");
        (await Api.Post($"{url}/reported-participation", provider.Key,
            new { participants = 21, countries = new Dictionary<string, int> { ["KAZ"] = 22 } })).ShouldRejectField("countries");

        var resized = await Api.Send(HttpMethod.Post, $"{url}/capacity", provider.Key, new { capacity = 40 },
            headers: new Dictionary<string, string> { ["If-Match"] = "\"4\"" });
        Assert.Equal("\"5\"", resized.ShouldBe(200).Headers.Get("ETag"));
        (await Api.Post($"{url}/cancel", provider.Key, new { reason = "Merged into another course" })).ShouldBe(200);
    }

    [Fact]
    public async Task Reschedule_capacity_and_cancel_change_the_offering()
    {
        var provider = await Api.NewProvider();
        var programme = await Api.RegisterProgramme(provider.Key);
        var offering = await Api.ScheduleOffering(provider.Key, programme.Id);
        var url = $"/api/offerings/{offering.Id}";

        var rescheduled = await Api.Post($"{url}/reschedule", provider.Key, new
        {
            startDate = "2027-04-05", endDate = "2027-04-09", enrolmentOpensAt = (string?)null,
            enrolmentClosesAt = "2027-04-01T00:00:00Z",
        });
        rescheduled.ShouldBe(200);
        Assert.Equal("2027-04-05", rescheduled.Json["startDate"]!.GetValue<string>());
        Assert.Equal("\"2\"", rescheduled.Headers.Get("ETag"));

        var resized = await Api.Post($"{url}/capacity", provider.Key, new { capacity = 45 });
        resized.ShouldBe(200);
        Assert.Equal(45, resized.Json["capacity"]!.GetValue<int>());

        (await Api.Post($"{url}/cancel", provider.Key, new { reason = "" })).ShouldRejectField("reason");
        var cancelled = await Api.Post($"{url}/cancel", provider.Key, new { reason = "Venue unavailable" });
        cancelled.ShouldBe(200);
        Assert.Equal("cancelled", cancelled.Json["status"]!.GetValue<string>());
        Assert.Equal("Venue unavailable", cancelled.Json["cancellationReason"]!.GetValue<string>());

        (await Api.Post($"{url}/capacity", provider.Key, new { capacity = 50 })).ShouldBe(409);
        (await Api.Post($"{url}/reschedule", provider.Key, new { startDate = "2027-05-01", endDate = "2027-05-02" }))
            .ShouldBe(409);
        (await Api.Post($"{url}/cancel", provider.Key, new { reason = "again" })).ShouldBe(409);

        var history = await Api.Get($"{url}/history", provider.Key);
        Assert.Equal(["offering_scheduled", "offering_rescheduled", "offering_capacity_changed", "offering_cancelled"],
            history.Json.AsArray().Select(e => e!["type"]!.GetValue<string>()));
        Assert.All(history.Json.AsArray(), e => Assert.Equal(provider.Id, e!["actingOrganisation"]!["id"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task Offering_changes_accept_an_optional_if_match()
    {
        var provider = await Api.NewProvider();
        var programme = await Api.RegisterProgramme(provider.Key);
        var offering = await Api.ScheduleOffering(provider.Key, programme.Id);
        var headers = new Dictionary<string, string> { ["If-Match"] = "\"5\"" };

        (await Api.Send(HttpMethod.Post, $"/api/offerings/{offering.Id}/capacity", provider.Key, new { capacity = 40 },
            headers: headers)).ShouldBe(412);
    }

    [Theory]
    [InlineData("capacity", "W/\"1\"", 412)]
    [InlineData("capacity", "*", 428)]
    [InlineData("cancel", "W/\"1\"", 412)]
    [InlineData("cancel", "*", 428)]
    [InlineData("reschedule", "*", 428)]
    public async Task Offering_changes_never_match_a_weak_etag_nor_a_wildcard(string command, string ifMatch, int status)
    {
        var provider = await Api.NewProvider();
        var programme = await Api.RegisterProgramme(provider.Key);
        var offering = await Api.ScheduleOffering(provider.Key, programme.Id);
        object body = command switch
        {
            "capacity" => new { capacity = 40 },
            "cancel" => new { reason = "Merged into another course" },
            _ => new { startDate = "2031-03-02", endDate = "2031-03-06" },
        };

        (await Api.Send(HttpMethod.Post, $"/api/offerings/{offering.Id}/{command}", provider.Key, body,
            headers: new Dictionary<string, string> { ["If-Match"] = ifMatch })).ShouldBe(status);
        Assert.Equal("\"1\"", (await Api.Get($"/api/offerings/{offering.Id}", provider.Key)).Headers.Get("ETag"));
    }

    [Fact]
    public async Task Another_provider_cannot_change_an_offering()
    {
        var owner = await Api.NewProvider("UNFPA");
        var other = await Api.NewProvider("ILO");
        var programme = await Api.RegisterProgramme(owner.Key);
        var offering = await Api.ScheduleOffering(owner.Key, programme.Id);
        var url = $"/api/offerings/{offering.Id}";

        (await Api.Post($"{url}/capacity", other.Key, new { capacity = 1 })).ShouldBe(403);
        (await Api.Post($"{url}/cancel", other.Key, new { reason = "no" })).ShouldBe(403);
        (await Api.Post($"{url}/reschedule", other.Key, new { startDate = "2027-05-01", endDate = "2027-05-02" }))
            .ShouldBe(403);
        (await Api.Get($"{url}/history", other.Key)).ShouldBe(403);
        (await Api.Post($"/api/offerings/{Guid.NewGuid()}/cancel", owner.Key, new { reason = "x" })).ShouldBe(404);
    }

    [Fact]
    public async Task Offerings_are_found_by_programme_country_region_dates_and_enrolment_window()
    {
        var provider = await Api.NewProvider();
        var programme = await Api.RegisterProgramme(provider.Key);
        var almaty = await Api.ScheduleOffering(provider.Key, programme.Id);
        var online = await Api.ScheduleOffering(provider.Key, programme.Id, Bodies.Offering()
            .With("deliveryMode", "online").With("venueCountry", null).With("language", "en")
            .With("startDate", "2027-06-01").With("endDate", "2027-06-30")
            .With("enrolmentOpensAt", "2020-01-01T00:00:00Z").With("enrolmentClosesAt", "2027-05-31T00:00:00Z"));
        var other = await Api.RegisterProgramme(provider.Key, Bodies.Programme("Census topics")
            .With("regions", new[] { "ECLAC" }).With("countries", new[] { "MEX" }).With("languages", new[] { "es" }));
        var mexico = await Api.ScheduleOffering(provider.Key, other.Id, Bodies.Offering()
            .With("venueCountry", "MEX").With("language", "es").With("startDate", "2026-01-10").With("endDate", "2026-01-12")
            .With("enrolmentOpensAt", null).With("enrolmentClosesAt", null));

        async Task<Guid[]> Ids(string query) =>
            (await Api.Get("/api/offerings" + query, provider.Key)).ShouldBe(200)
            .Json["items"]!.AsArray().Select(o => o!["id"]!.GetValue<Guid>()).ToArray();

        Assert.Equal([mexico.Id, almaty.Id, online.Id], await Ids(""));
        Assert.Equal([almaty.Id, online.Id], await Ids($"?programme={programme.Id}"));
        Assert.Equal([almaty.Id, online.Id], await Ids("?country=KAZ"));
        Assert.Equal([online.Id], await Ids("?country=KGZ"));
        Assert.Equal([almaty.Id, online.Id], await Ids("?region=ESCAP"));
        Assert.Equal([mexico.Id], await Ids("?region=ECLAC"));
        Assert.Equal([almaty.Id], await Ids("?from=2027-03-04&to=2027-03-10"));
        Assert.Equal([online.Id], await Ids("?openForEnrolment=true"));
        Assert.Equal([mexico.Id, almaty.Id], await Ids("?openForEnrolment=false"));
        (await Api.Get("/api/offerings?region=MARS", provider.Key)).ShouldRejectField("region");
        (await Api.Get("/api/offerings?from=2027-02-30", provider.Key)).ShouldBe(400);
    }

    [Fact]
    public async Task Analysts_read_history_of_any_offering()
    {
        var provider = await Api.NewProvider();
        var analyst = await Api.NewOrganisationWithKey("Secretariat", Roles.Analyst);
        var programme = await Api.RegisterProgramme(provider.Key);
        var offering = await Api.ScheduleOffering(provider.Key, programme.Id);

        var history = await Api.Get($"/api/offerings/{offering.Id}/history", analyst.Key);

        history.ShouldBe(200);
        Assert.Single(history.Json.AsArray());
        Assert.Equal(30, history.Json[0]!["data"]!["capacity"]!.GetValue<int>());
    }
}
