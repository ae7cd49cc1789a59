using System.Text;
using TrainingHub.Imports;
using TrainingHub.Kernel;
using TrainingHub.Reference;

namespace TrainingHub.UnitTests.Imports;

public class ProgrammeImportFileTests
{
    private static readonly string Header = string.Join(',', ProgrammeImportFile.Columns);
    private const string GoodRow = "UNFPA,Good programme,,basic,demography,,nso,online,en,ECA,,9,70,,,,,,,,,,,";

    private static (IReadOnlyList<ImportRow> Rows, ProblemList<ImportProblem> Problems) Read(params string[] lines) =>
        ProgrammeImportFile.Read(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines))),
            ReferenceData.Current, maxRows: 20_000);

    [Fact]
    public void A_valid_file_gives_its_rows()
    {
        var (rows, problems) = Read(Header, GoodRow);

        Assert.Equal(0, problems.Total);
        Assert.Single(rows);
    }

    [Fact]
    public void A_header_of_thousands_of_columns_is_one_problem()
    {
        var (rows, problems) = Read(string.Join(',', Enumerable.Range(0, 100_000).Select(i => "c" + i)), "x");

        Assert.Empty(rows);
        Assert.Equal(1, problems.Total);
    }

    [Fact]
    public void A_header_with_more_columns_than_the_layout_is_one_problem()
    {
        var (_, problems) = Read(Header + ",a,b", GoodRow);

        var problem = Assert.Single(problems.Listed);
        Assert.Contains($"{ProgrammeImportFile.Columns.Length + 2} columns", problem.Problem);
    }

    [Fact]
    public void A_line_longer_than_the_limit_is_refused()
    {
        var (rows, problems) = Read(Header, "UNFPA," + new string('t', 2 * CsvImport.MaxLineBytes));

        Assert.Empty(rows);
        Assert.Equal(1, problems.Total);
    }

    [Fact]
    public void A_nul_in_a_field_names_its_row_and_column()
    {
        var (rows, problems) = Read(Header, GoodRow, GoodRow.Replace("Good programme", "Good\0programme"));

        Assert.Empty(rows);
        var problem = Assert.Single(problems.Listed);
        Assert.Equal((2, "title"), (problem.Row, problem.Column));
        Assert.DoesNotContain('\0', problem.Value!);
    }

    [Fact]
    public void Thousands_of_bad_rows_list_a_hundred_problems_and_count_all()
    {
        var (rows, problems) = Read([Header, .. Enumerable.Repeat(GoodRow.Replace("demography", "astrology"), 1_000)]);

        Assert.Empty(rows);
        Assert.Equal(1_000, problems.Total);
        Assert.Equal(Problems.MaxListed, problems.Listed.Count);
    }

    [Fact]
    public void A_long_value_is_echoed_cut()
    {
        var (_, problems) = Read(Header, GoodRow.Replace(",9,70,", $",{new string('9', 5_000)},70,"));

        var problem = Assert.Single(problems.Listed);
        Assert.Equal("durationHours", problem.Column);
        Assert.True(problem.Value!.Length <= Problems.MaxEcho + 1);
    }
}
