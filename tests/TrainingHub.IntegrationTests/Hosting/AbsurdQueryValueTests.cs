using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Hosting;

/// <summary>
/// Query values that parse but make no sense (year 1 or 9999, NaN, the infinities, the ends of int and long) answer a
/// 400 or 422 problem naming the parameter, on every endpoint that takes them, never a 5xx.
/// </summary>
public class AbsurdQueryValueTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private static readonly string[] Reports = ["gaps", "overlaps", "standards-coverage", "effectiveness"];
    private static readonly string[] AbsurdDates = ["0001-01-01", "0002-06-30", "0003-12-31", "1899-12-31", "2200-01-02", "9999-12-31"];
    private static readonly string[] AbsurdInstants =
        [.. AbsurdDates, "0001-01-01T00:00:00Z", "0001-01-01T00:00:00%2B14:00", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59.9999999-14:00"];
    private static readonly string[] AbsurdFractions = ["NaN", "Infinity", "-Infinity", "1e308", "-1e-300", "1.0000001"];
    private static readonly string[] AbsurdInts = ["2147483647", "-2147483648", "99999999999"];

    [Fact]
    public async Task Absurd_query_values_answer_400_or_422_on_every_endpoint()
    {
        var partner = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        var checks = new List<(string Url, string Key, string Parameter)>();
        foreach (var report in Reports)
        {
            var url = $"/api/reports/{report}?";
            checks.AddRange(AbsurdInstants.Select(v => (url + "asOf=" + v, Api.AdminKey, "asOf")));
            checks.AddRange(AbsurdDates.Select(v => (url + "from=" + v, Api.AdminKey, "from")));
            checks.AddRange(AbsurdDates.Select(v => (url + "to=" + v, Api.AdminKey, "to")));
        }
        checks.AddRange(AbsurdFractions.Select(v => ("/api/reports/overlaps?minSimilarity=" + v, Api.AdminKey, "minSimilarity")));
        foreach (var parameter in new[] { "withinDays", "limit" })
            checks.AddRange(AbsurdInts.Select(v => ($"/api/reports/overlaps?{parameter}={v}", Api.AdminKey, parameter)));
        checks.AddRange(AbsurdInts.Select(v => ("/api/reports/gaps?minOfferings=" + v, Api.AdminKey, "minOfferings")));
        foreach (var parameter in new[] { "from", "to" })
            checks.AddRange(AbsurdDates.Select(v => ($"/api/offerings?{parameter}={v}", Api.AdminKey, parameter)));
        foreach (var list in new[] { "/api/offerings", "/api/programmes" })
        foreach (var parameter in new[] { "page", "pageSize" })
            checks.AddRange(AbsurdInts.Select(v => ($"{list}?{parameter}={v}", Api.AdminKey, parameter)));
        foreach (var parameter in new[] { "page", "pageSize" })
            checks.AddRange(AbsurdInts.Select(v => ($"/api/partners/me/enrolments?{parameter}={v}", partner.Key, parameter)));
        checks.AddRange(AbsurdInts.Select(v => ("/api/partners/me/feed?limit=" + v, partner.Key, "limit")));
        checks.AddRange(new[] { "-1", "1e3", "99999999999999999999", "NaN" }
            .Select(v => ("/api/partners/me/feed?after=" + v, partner.Key, "after")));

        var failures = new List<string>();
        foreach (var (url, key, parameter) in checks)
        {
            var response = await Api.Get(url, key);
            if (response.Status is not (400 or 422)
                || response.ContentType?.StartsWith("application/problem+json") != true
                || !response.Body.Contains(parameter, StringComparison.OrdinalIgnoreCase))
                failures.Add($"{url} -> {response.Status} {response.Body[..Math.Min(200, response.Body.Length)]}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {checks.Count}:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task The_bounds_themselves_are_accepted()
    {
        foreach (var report in Reports)
        {
            (await Api.Get($"/api/reports/{report}?asOf=1900-01-01T00:00:00Z&from=1900-01-01&to=2200-01-01", Api.AdminKey)).ShouldBe(200);
            (await Api.Get($"/api/reports/{report}?asOf=2200-01-01T00:00:00Z", Api.AdminKey)).ShouldBe(200);
        }
        (await Api.Get("/api/reports/overlaps?minSimilarity=0&withinDays=0", Api.AdminKey)).ShouldBe(200);
        (await Api.Get("/api/offerings?from=1900-01-01&to=2200-01-01&page=100000", Api.AdminKey)).ShouldBe(200);
    }
}
