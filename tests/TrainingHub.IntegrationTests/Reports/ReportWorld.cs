using Alba;
using Marten.Events;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Reports;

/// <summary>
/// A small, hand-checked world (figures worked out in the tests' comments):
/// UNFPA's programme A (intermediate; demography; RSIM + EGMS; ru/en; serves ECE + KAZ) runs A1 in Kazakhstan
/// (2 seats: two confirmed, one waitlisted) and A2 (cancelled). IOM's programme B (intermediate; demography +
/// sociology; EGMS; ru; KAZ) runs B1 in Kazakhstan eight days after A1 ends (10 seats, one confirmed). UNECE's programme
/// C (basic; economics; no standard; en; ECA) runs C1 online with reported participation only.
/// </summary>
public sealed class ReportWorld
{
    public required Provider Unfpa { get; init; }
    public required Provider Iom { get; init; }
    public required Provider Unece { get; init; }
    public required Provider Portal { get; init; }
    public required Provider Analyst { get; init; }
    public required Guid A1 { get; init; }
    public required Guid A2 { get; init; }
    public required Guid B1 { get; init; }
    public required Guid C1 { get; init; }
    public required Guid KazakhTrainee { get; init; }
    public required Guid KazakhEnrolment { get; init; }

    public static async Task<ReportWorld> Build(Api api, IAlbaHost host)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string Day(int offset) => today.AddDays(offset).ToString("yyyy-MM-dd");
        var closes = DateTime.UtcNow.Date.AddDays(21).ToString("O");

        var unfpa = await api.NewProvider("UNFPA");
        var iom = await api.NewProvider("IOM");
        var unece = await api.NewProvider("UNECE");
        var portal = await api.NewOrganisationWithKey("Portal", Roles.Partner);
        var analyst = await api.NewOrganisationWithKey("Secretariat", Roles.Analyst);

        var a = await api.RegisterProgramme(unfpa.Key, Bodies.Programme("A: migrant stocks and flows")
            .With("standards", new[] { "UN-RSIM-R1", "EGMS-CF-2021" }).With("disciplines", new[] { "demography" })
            .With("countries", new[] { "KAZ" }));
        var b = await api.RegisterProgramme(iom.Key, Bodies.Programme("B: migration data for Kazakhstan")
            .With("standards", new[] { "EGMS-CF-2021" }).With("disciplines", new[] { "demography", "sociology" })
            .With("languages", new[] { "ru" }).With("regions", Array.Empty<string>()).With("countries", new[] { "KAZ" }));
        var c = await api.RegisterProgramme(unece.Key, Bodies.Programme("C: remittances basics")
            .With("standards", Array.Empty<string>()).With("disciplines", new[] { "economics" }).With("level", "basic")
            .With("languages", new[] { "en" }).With("regions", new[] { "ECA" }).With("countries", Array.Empty<string>())
            .With("deliveryModes", new[] { "online" }));

        var a1 = await api.ScheduleOffering(unfpa.Key, a.Id, Bodies.OpenOffering(2)
            .With("startDate", Day(30)).With("endDate", Day(32)));
        var a2 = await api.ScheduleOffering(unfpa.Key, a.Id, Bodies.OpenOffering(5)
            .With("startDate", Day(60)).With("endDate", Day(61)));
        (await api.Post($"/api/offerings/{a2.Id}/cancel", unfpa.Key, new { reason = "No venue" })).ShouldBe(200);
        var b1 = await api.ScheduleOffering(iom.Key, b.Id, Bodies.OpenOffering(10)
            .With("startDate", Day(40)).With("endDate", Day(41)));
        var c1 = await api.ScheduleOffering(unece.Key, c.Id, Bodies.OpenOffering(5)
            .With("deliveryMode", "online").With("venueCountry", null).With("language", "en")
            .With("startDate", Day(30)).With("endDate", Day(60)).With("enrolmentClosesAt", closes));
        (await api.Post($"/api/offerings/{c1.Id}/reported-participation", unece.Key,
            new { participants = 20, female = 12, completed = 15, passed = 10 })).ShouldBe(200);

        var kazakh = (await api.Enrol(portal.Key, a1.Id, Bodies.Enrolment("kz@x.org", country: "KAZ", sex: "female"))).ShouldBe(201).Json;
        var kyrgyz = (await api.Enrol(portal.Key, a1.Id, Bodies.Enrolment("kg@x.org", country: "KGZ", sex: "male"))).ShouldBe(201).Json;
        (await api.Enrol(portal.Key, a1.Id, Bodies.Enrolment("uz@x.org", country: "UZB", sex: "female"))).ShouldBe(201);
        var tajik = (await api.Enrol(portal.Key, b1.Id, Bodies.Enrolment("tj@x.org", country: "TJK", sex: "male"))).ShouldBe(201).Json;

        var kz = kazakh["enrolmentId"]!.GetValue<Guid>();
        await api.Post($"/api/enrolments/{kz}/assessments", unfpa.Key, new { kind = "pre", score = 50 });
        await api.Post($"/api/enrolments/{kz}/assessments", unfpa.Key, new { kind = "post", score = 55 });
        await api.Post($"/api/enrolments/{kz}/assessments", unfpa.Key, new
        {
            kind = "final", score = 65,
            standardScores = new Dictionary<string, int> { ["EGMS-CF-2021"] = 60, ["UN-RSIM-R1"] = 70 },
        });
        (await api.Post($"/api/enrolments/{kz}/completion", unfpa.Key, new { outcome = "completed" })).ShouldBe(200);
        (await api.Post($"/api/enrolments/{kyrgyz["enrolmentId"]}/completion", unfpa.Key, new { outcome = "did-not-complete" })).ShouldBe(200);

        var tj = tajik["enrolmentId"]!.GetValue<Guid>();
        await api.Post($"/api/enrolments/{tj}/assessments", iom.Key, new { kind = "pre", score = 40 });
        await api.Post($"/api/enrolments/{tj}/assessments", iom.Key, new
        {
            kind = "post", score = 70, standardScores = new Dictionary<string, int> { ["EGMS-CF-2021"] = 80 },
        });
        (await api.Post($"/api/enrolments/{tj}/completion", iom.Key, new { outcome = "completed" })).ShouldBe(200);

        await host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        return new ReportWorld
        {
            Unfpa = unfpa, Iom = iom, Unece = unece, Portal = portal, Analyst = analyst, A1 = a1.Id, A2 = a2.Id, B1 = b1.Id,
            C1 = c1.Id, KazakhTrainee = kazakh["traineeId"]!.GetValue<Guid>(), KazakhEnrolment = kz,
        };
    }
}
