using Marten;
using Marten.Events;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Reports;

public class ReportCsvInjectionTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task Titles_and_organisation_names_that_look_like_formulas_are_escaped_in_every_report_csv()
    {
        var first = await Api.NewProvider("=HYPERLINK(\"http://evil.example\",\"x\")");
        var second = await Api.NewProvider("@SUM(1+1)");
        var analyst = await Api.NewOrganisationWithKey("Secretariat", TrainingHub.Access.Roles.Analyst);
        foreach (var (provider, title) in new[] { (first, "+1 stocks and flows"), (second, "-2 stocks and flows") })
        {
            var programme = await Api.RegisterProgramme(provider.Key, Bodies.Programme(title));
            await Api.ScheduleOffering(provider.Key, programme.Id, Bodies.OpenOffering());
        }
        await Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var overlaps = (await Api.Get("/api/reports/overlaps?format=csv", analyst.Key)).ShouldBe(200).Body;
        var byProvider = (await Api.Get("/api/reports/effectiveness?by=provider&format=csv", analyst.Key)).ShouldBe(200).Body;
        var byProgramme = (await Api.Get("/api/reports/effectiveness?format=csv", analyst.Key)).ShouldBe(200).Body;

        foreach (var csv in new[] { overlaps, byProvider, byProgramme })
        {
            var cells = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .SelectMany(line => line.Split(','));
            Assert.DoesNotContain(cells, cell => cell.TrimStart('"').Length > 0 && "=+-@\t\r".Contains(cell.TrimStart('"')[0])
                && !double.TryParse(cell, System.Globalization.CultureInfo.InvariantCulture, out _));
        }
        Assert.Contains("\"'=HYPERLINK(", overlaps);
        Assert.Contains("'@SUM(1+1)", overlaps);
        Assert.Contains("'+1 stocks and flows", overlaps);
        Assert.Contains("'-2 stocks and flows", overlaps);
        Assert.Contains("\"'=HYPERLINK(", byProvider);
        Assert.Contains("'-2 stocks and flows", byProgramme);
    }
}
