using Marten.Events;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Reports;

public class ReportEdgeCaseTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task Cancelled_after_enrolment_corrected_finals_and_promotions_are_counted_as_they_stand()
    {
        var (provider, _, offeringId) = await Api.OpenOffering(capacity: 1);
        var (_, _, doomed) = await Api.OpenOffering(capacity: 5, providerName: "IOM");
        var portal = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        var analyst = await Api.NewOrganisationWithKey("Secretariat", Roles.Analyst);

        var first = (await Api.Enrol(portal.Key, offeringId, Bodies.Enrolment("first@x.org"))).Json["enrolmentId"]!.GetValue<Guid>();
        var second = (await Api.Enrol(portal.Key, offeringId, Bodies.Enrolment("second@x.org", country: "UZB"))).Json["enrolmentId"]!.GetValue<Guid>();
        await Api.Post($"/api/enrolments/{first}/withdraw", portal.Key, null);
        await Api.Post($"/api/enrolments/{second}/assessments", provider.Key, new { kind = "final", score = 55 });
        await Api.Post($"/api/enrolments/{second}/completion", provider.Key, new { outcome = "completed" });
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var beforeCorrection = (await Api.Get("/api/reports/gaps", analyst.Key)).Json;
        await Api.Post($"/api/enrolments/{second}/assessments", provider.Key, new { kind = "final", score = 75 });

        await Api.Enrol(portal.Key, doomed, Bodies.Enrolment("third@x.org"));
        (await Api.Post($"/api/offerings/{doomed}/cancel", Api.AdminKey, new { reason = "Postponed" })).ShouldBe(200);
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var gaps = (await Api.Get("/api/reports/gaps", analyst.Key)).Json;
        var cell = gaps["cells"]!.AsArray().Single(c => c!["region"]!.GetValue<string>() == "ECE" && c["value"]!.GetValue<string>() == "demography")!;
        // The withdrawn trainee's seat went to the second, promoted; the cancelled offering is no supply at all.
        Assert.Equal((1, 1, 0, 1, 1), (cell["offerings"]!.GetValue<int>(), cell["confirmed"]!.GetValue<int>(),
            cell["waitlisted"]!.GetValue<int>(), cell["completed"]!.GetValue<int>(), cell["passed"]!.GetValue<int>()));
        var earlier = beforeCorrection["cells"]!.AsArray().Single(c => c!["region"]!.GetValue<string>() == "ECE" && c["value"]!.GetValue<string>() == "demography")!;
        Assert.Equal((2, 0), (earlier["offerings"]!.GetValue<int>(), earlier["passed"]!.GetValue<int>()));

        var effectiveness = (await Api.Get("/api/reports/effectiveness?by=provider", analyst.Key)).Json["lines"]!.AsArray();
        var iom = effectiveness.Single(l => l!["name"]!.GetValue<string>() == "IOM")!;
        Assert.Equal((1, 1.0, 0), (iom["offeringsCancelled"]!.GetValue<int>(), iom["cancellationRate"]!.GetValue<double>(),
            iom["seats"]!.GetValue<int>()));
    }
}
