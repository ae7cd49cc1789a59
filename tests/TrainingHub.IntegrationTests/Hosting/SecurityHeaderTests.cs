using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Hosting;

public class SecurityHeaderTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private static void HasCommonHeaders(Response response, string url)
    {
        Assert.True(response.Headers.Get("X-Content-Type-Options") == "nosniff", $"{url}: X-Content-Type-Options");
        Assert.True(response.Headers.Get("Referrer-Policy") == "no-referrer", $"{url}: Referrer-Policy");
        Assert.True(response.Headers.Get("Content-Security-Policy")?.Contains("frame-ancestors 'none'") == true,
            $"{url}: Content-Security-Policy {response.Headers.Get("Content-Security-Policy")}");
    }

    [Fact]
    public async Task Every_answer_says_nosniff_and_no_referrer_and_may_not_be_framed()
    {
        var (provider, _, offeringId) = await Api.OpenOffering();
        foreach (var (url, key) in new[]
                 {
                     ("/health/live", null), ("/openapi/v1.json", null), ("/dashboard", null), ("/swagger/index.html", null),
                     ("/api/reference/levels", Api.AdminKey), ("/api/programmes", Api.AdminKey), ("/api/programmes", null),
                     ("/api/no-such-route", Api.AdminKey), ($"/api/offerings/{offeringId}/roster", provider.Key),
                     ("/api/reports/gaps?asOf=0001-01-01", Api.AdminKey),
                 })
            HasCommonHeaders(await Api.Get(url, key), url);
    }

    [Fact]
    public async Task Api_answers_carrying_personal_data_are_never_stored_but_reference_data_may_be()
    {
        var (provider, _, offeringId) = await Api.OpenOffering();
        var partner = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        var enrolled = (await Api.Enrol(partner.Key, offeringId, Bodies.Enrolment("amina@example.org"))).ShouldBe(201).Json;
        var urls = new[]
        {
            ($"/api/offerings/{offeringId}/roster", provider.Key),
            ($"/api/trainees/{enrolled["traineeId"]}/export", partner.Key),
            ($"/api/enrolments/{enrolled["enrolmentId"]}", partner.Key),
            ("/api/partners/me/enrolments", partner.Key),
            ("/api/partners/me/feed", partner.Key),
            ("/api/programmes", partner.Key),
            ("/api/no-such-route", partner.Key),
        };
        foreach (var (url, key) in urls)
            Assert.True((await Api.Get(url, key)).Headers.Get("Cache-Control") == "no-store", url);
        var enrolment = await Api.Enrol(partner.Key, offeringId, Bodies.Enrolment("omar@example.org"));
        Assert.Equal("no-store", enrolment.ShouldBe(201).Headers.Get("Cache-Control"));

        Assert.Null((await Api.Get("/api/reference/countries", partner.Key)).ShouldBe(200).Headers.Get("Cache-Control"));
    }

    [Fact]
    public async Task The_dashboard_runs_only_its_own_script_and_fetches_only_this_origin()
    {
        var page = (await Api.Get("/dashboard", null)).ShouldBe(200);
        var csp = page.Headers.Get("Content-Security-Policy")!;

        // One inline script, allowed by its hash; the map libraries are files of this origin.
        var script = Regex.Match(page.Body, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
        Assert.Contains($"script-src 'self' 'sha256-{hash}'", csp);
        Assert.DoesNotContain("'unsafe-eval'", csp);
        Assert.DoesNotContain("'unsafe-inline'", Regex.Match(csp, "script-src [^;]*").Value);
        Assert.Contains("connect-src 'self'", csp);
        Assert.Contains("default-src 'none'", csp);
        Assert.Single(Regex.Matches(page.Body, "<script>"));
        var files = Regex.Matches(page.Body, "<script src=\"([^\"]+)\"></script>").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(3, files.Length);
        Assert.All(files, file => Assert.StartsWith("/dashboard/lib/", file));
        var library = (await Api.Get(files[1], null)).ShouldBe(200);
        Assert.StartsWith("text/javascript", library.Headers.Get("Content-Type"));
        (await Api.Get("/dashboard/lib/other.js", null)).ShouldBe(404);
    }
}
