using System.IO.Compression;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using TrainingHub.Editions;
using static TrainingHub.UnitTests.Editions.Editions;

namespace TrainingHub.UnitTests.Editions;

public class EditionWorkbookTests
{
    private static readonly EditionDocument Sample = Document(Supply, Awkward);

    [Fact]
    public void Writing_twice_gives_the_same_bytes()
    {
        Assert.Equal(EditionWorkbook.Write(Sample), EditionWorkbook.Write(Sample with { Sheets = [.. Sample.Sheets] }));
    }

    [Fact]
    public void Zip_entries_are_in_name_order_stamped_with_the_publication_time_and_every_part_has_a_fixed_id()
    {
        using var zip = new ZipArchive(new MemoryStream(EditionWorkbook.Write(Sample)));

        Assert.Equal(zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal), zip.Entries.Select(e => e.FullName));
        Assert.All(zip.Entries, e => Assert.Equal(PublishedAt.UtcDateTime, e.LastWriteTime.DateTime));
        var relationshipIds = zip.Entries.Where(e => e.FullName.EndsWith(".rels", StringComparison.Ordinal))
            .SelectMany(e => System.Xml.Linq.XDocument.Load(e.Open()).Root!.Elements().Select(r => (string)r.Attribute("Id")!));
        Assert.All(relationshipIds, id => Assert.Matches("^rId[0-9]+$", id));
    }

    [Fact]
    public void The_workbook_reads_back_with_its_sheets_headers_values_totals_and_truncation_note()
    {
        using var workbook = SpreadsheetDocument.Open(new MemoryStream(EditionWorkbook.Write(Sample)), false);

        Assert.Empty(new OpenXmlValidator().Validate(workbook));
        Assert.Equal(["Cover", "Supply", "Awkward"], SheetNames(workbook));

        var cover = Sheet(workbook, "Cover");
        Assert.Equal(["Mapping edition 2026"], Row(workbook, cover, 1));
        Assert.Equal(["As of", "2026-05-01T00:00:00Z"], Row(workbook, cover, 3));
        Assert.Equal(["Published at", "2026-05-04T09:30:16Z"], Row(workbook, cover, 4));
        Assert.Equal(["Region", "ECE"], Row(workbook, cover, 8));
        Assert.Equal(["Sheet", "Title"], Row(workbook, cover, 10));
        Assert.Equal(["Supply", "Offerings per country"], Row(workbook, cover, 11));
        Assert.Equal("'Awkward'!A1", cover.Worksheet!.Descendants<Hyperlink>().Last().Location!.Value);

        var supply = Sheet(workbook, "Supply");
        Assert.Equal(["Offerings per country"], Row(workbook, supply, 1));
        Assert.Equal(["Cancelled offerings are left out."], Row(workbook, supply, 3));
        Assert.Empty(Row(workbook, supply, 4));
        Assert.Equal(["Country", "Offerings", "Trainees", "Cost (USD)", "Share", "Online", "First start", "Updated", "Programme"],
            Row(workbook, supply, 5));
        Assert.Equal(["Kazakhstan", "3", "45", "25000.5", "0.25", "1", "46174", "2026-05-01T02:15:00Z", Programme.ToString()],
            Row(workbook, supply, 6));
        Assert.Equal([CellValues.SharedString, null, null, null, null, CellValues.Boolean, null, CellValues.SharedString, CellValues.SharedString],
            Cells(supply, 6).Select(c => c.DataType?.Value));
        Assert.Equal("yyyy-mm-dd", DateFormat(workbook, Cell(supply, "G6")));
        Assert.Equal(["Total", "6", "75", "37499.75", "0.875"], Row(workbook, supply, 9));
        Assert.All(Cells(supply, 9).Skip(1), c => Assert.Null(c.DataType));
        Assert.Equal(["17 more rows were left out."], Row(workbook, supply, 10));
        Assert.Equal(5D, supply.Worksheet!.Descendants<Pane>().Single().VerticalSplit!.Value);
    }

    [Fact]
    public void Awkward_values_keep_their_type_and_text_is_made_xml_safe_and_capped()
    {
        using var workbook = SpreadsheetDocument.Open(new MemoryStream(EditionWorkbook.Write(Sample)), false);
        var awkward = Sheet(workbook, "Awkward");

        Assert.Equal(["Bogotá — 東京 🌍 title"], Row(workbook, awkward, 1));
        Assert.Equal(["Note with a bell and a lone  surrogate"], Row(workbook, awkward, 2));
        Assert.Equal(["  leading and trailing spaces  "], Row(workbook, awkward, 3));
        // A date before Excel's calendar stays ISO text; NaN is no number a spreadsheet holds, so it is text too.
        Assert.Equal(["Zürich 🌍 <b onclick=x>&amp;</b>", "-5.25", "1899-01-01", "1970-01-01T00:00:00Z", "0", Guid.Empty.ToString()],
            Row(workbook, awkward, 6));
        Assert.Equal(["tab\tand\nnewline", "NaN", "2958465", "9999-12-31T23:59:59Z", "1", Programme.ToString()], Row(workbook, awkward, 7));
        var capped = Row(workbook, awkward, 8);
        Assert.Equal(new string('x', 32_766), capped[0]);
        Assert.Equal(long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), capped[1]);
        Assert.Equal(["0"], Row(workbook, awkward, 9));
        Assert.Equal(["", "79228162514264337593543950335"], Row(workbook, awkward, 10));
        Assert.Equal(["1 more row was left out."], Row(workbook, awkward, 11));
    }

    [Fact]
    public void Sheet_names_are_made_valid_and_unique()
    {
        EditionSheet Named(string name) => Supply with { Name = name };
        var document = Document(Named("Needs by country and by standard, 2024–2026"), Named("Needs by country and by standard, 2027"),
            Named("Supply/Demand [draft]*"), Named("Supply_Demand _draft__"), Named("cover"), Named("History"), Named("'Quoted'"),
            Named(" :?\u0001 "), Named(""));

        using var workbook = SpreadsheetDocument.Open(new MemoryStream(EditionWorkbook.Write(document)), false);

        Assert.Empty(new OpenXmlValidator().Validate(workbook));
        Assert.Equal(["Cover", "Needs by country and by standar", "Needs by country and by sta (2)", "Supply_Demand _draft__",
            "Supply_Demand _draft__ (2)", "cover (2)", "History (2)", "Quoted", "__", "Sheet"], SheetNames(workbook));
    }

    private static string[] SheetNames(SpreadsheetDocument workbook) =>
        [.. workbook.WorkbookPart!.Workbook!.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!)];

    private static WorksheetPart Sheet(SpreadsheetDocument workbook, string name) => (WorksheetPart)workbook.WorkbookPart!
        .GetPartById(workbook.WorkbookPart.Workbook!.Sheets!.Elements<Sheet>().Single(s => s.Name == name).Id!);

    private static Cell[] Cells(WorksheetPart sheet, uint row) =>
        [.. sheet.Worksheet!.Descendants<Row>().SingleOrDefault(r => r.RowIndex! == row)?.Elements<Cell>() ?? []];

    private static Cell Cell(WorksheetPart sheet, string reference) =>
        sheet.Worksheet!.Descendants<Cell>().Single(c => c.CellReference == reference);

    /// <summary>Each cell's value as stored, shared strings resolved.</summary>
    private static string[] Row(SpreadsheetDocument workbook, WorksheetPart sheet, uint row) => [.. Cells(sheet, row).Select(c =>
        c.DataType?.Value == CellValues.SharedString
            ? workbook.WorkbookPart!.SharedStringTablePart!.SharedStringTable!.Elements<SharedStringItem>().ElementAt(int.Parse(c.CellValue!.Text)).InnerText
            : c.CellValue!.Text)];

    private static string DateFormat(SpreadsheetDocument workbook, Cell cell)
    {
        var styles = workbook.WorkbookPart!.WorkbookStylesPart!.Stylesheet!;
        var format = styles.CellFormats!.Elements<CellFormat>().ElementAt((int)cell.StyleIndex!.Value);
        return styles.NumberingFormats!.Elements<NumberingFormat>().Single(f => f.NumberFormatId! == format.NumberFormatId!).FormatCode!;
    }
}
