using TrainingHub.Reports;

namespace TrainingHub.UnitTests.Reports;

public class ReportCsvTests
{
    private sealed record Row(string Name, double? Gain, int Count, DateOnly Start, Guid Id, string? Venue);

    private static string[] Lines(string csv) => csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1+2", "\"'+1+2\"")]
    [InlineData("-2+3", "\"'-2+3\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\tcmd", "\"'\tcmd\"")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("Plain title", "Plain title")]
    public void Text_that_a_spreadsheet_would_run_as_a_formula_is_escaped(string name, string written)
    {
        var csv = ReportOutput.Csv([new Row(name, null, 1, new DateOnly(2026, 3, 1), Guid.Empty, null)]);

        Assert.StartsWith(written + ",", csv.Split("\r\n")[1]);
    }

    [Fact]
    public void Negative_numbers_stay_numbers_and_other_values_keep_their_format()
    {
        var id = Guid.Parse("0b7c4d9e-1234-4cde-8f00-000000000001");
        var csv = ReportOutput.Csv([new Row("Course", -5.25, -3, new DateOnly(2026, 3, 1), id, null)]);

        Assert.Equal(["Name,Gain,Count,Start,Id,Venue", $"Course,-5.25,-3,2026-03-01,{id},"], Lines(csv));
    }
}
