using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace TrainingHub.IntegrationTests.Editions;

/// <summary>A workbook read back as text, sheet by sheet, to compare its figures with the live reports'.</summary>
public sealed class Workbook
{
    private readonly Dictionary<string, List<string?[]>> _sheets = [];

    public Workbook(byte[] bytes)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = document.WorkbookPart!;
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            _sheets[sheet.Name!] = [.. part.Worksheet.Descendants<Row>().Select(row =>
            {
                var cells = row.Elements<Cell>().ToArray();
                var values = new string?[cells.Length == 0 ? 0 : cells.Max(c => Column(c.CellReference!)) + 1];
                foreach (var cell in cells)
                    values[Column(cell.CellReference!)] = cell.DataType?.Value == CellValues.SharedString
                        ? shared[int.Parse(cell.CellValue!.Text)]
                        : cell.DataType?.Value == CellValues.InlineString ? cell.InnerText : cell.CellValue?.Text;
                return values;
            })];
        }
    }

    public IReadOnlyCollection<string> SheetNames => _sheets.Keys;

    /// <summary>The data rows under the header row that starts with <paramref name="firstHeader"/>, without the total.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string?>> Rows(string sheet, string firstHeader)
    {
        var (header, start) = Header(sheet, firstHeader);
        return [.. _sheets[sheet].Skip(start + 1).TakeWhile(r => r.Length > 0 && r[0] is not ("Total" or null))
            .Select(r => (IReadOnlyDictionary<string, string?>)header.Select((h, i) => (h, v: i < r.Length ? r[i] : null))
                .ToDictionary(x => x.h!, x => x.v))];
    }

    /// <summary>The sheet's total of a column.</summary>
    public decimal Total(string sheet, string firstHeader, string column)
    {
        var (header, start) = Header(sheet, firstHeader);
        var total = _sheets[sheet].Skip(start + 1).First(r => r.Length > 0 && r[0] == "Total");
        return decimal.Parse(total[Array.IndexOf(header, column)]!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private (string?[] Header, int Index) Header(string sheet, string firstHeader)
    {
        var rows = _sheets[sheet];
        var index = rows.FindIndex(r => r.Length > 0 && r[0] == firstHeader);
        Assert.True(index >= 0, $"No header row starting with '{firstHeader}' in sheet '{sheet}'.");
        return (rows[index], index);
    }

    private static int Column(string reference)
    {
        var column = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter)) column = column * 26 + (c - 'A' + 1);
        return column - 1;
    }
}
