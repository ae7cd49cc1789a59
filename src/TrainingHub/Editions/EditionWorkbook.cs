using System.Buffers;
using System.IO.Compression;
using System.Xml.Linq;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using static TrainingHub.Editions.EditionValues;

namespace TrainingHub.Editions;

/// <summary>
/// The edition as an XLSX workbook: a "Cover" sheet, then one worksheet per sheet of the edition. The same edition
/// always gives the same bytes (fixed relationship ids, no generated ids, zip entries stamped with the publication time),
/// so a published file can be checked against a fresh rendering.
/// </summary>
/// <remarks>
/// Strings go to the shared string table; DateOnly cells are real dates shown as yyyy-mm-dd; instants are ISO 8601 UTC
/// text, since Excel dates have no time zone. Totals are values, not formulas, so readers that do not recalculate show them.
/// </remarks>
public static class EditionWorkbook
{
    public const string CoverName = "Cover";

    private const int MaxSheetName = 31, MaxCellText = 32_767;
    private const uint Plain = 0, Bold = 1, Heading = 2, Link = 3, Date = 4, DateFormatId = 164;
    private const string WorkbookContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
    private static readonly SearchValues<char> ForbiddenInSheetNames = SearchValues.Create("[]:*?/\\");
    private static readonly DateOnly DateEpoch = new(1899, 12, 30), FirstDate = new(1900, 3, 1);
    private static readonly DateTime FirstZipTime = new(1980, 1, 1), LastZipTime = new(2107, 12, 31);

    public static byte[] Write(EditionDocument document)
    {
        var names = SheetNames(document);
        using var package = new MemoryStream();
        using (var spreadsheet = SpreadsheetDocument.Create(package, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = spreadsheet.AddNewPart<WorkbookPart>(WorkbookContentType, "rId1");
            var strings = new SharedStrings();
            var sheets = new Sheets();
            AddSheet(workbookPart, sheets, CoverName, Cover(document, names, strings));
            for (var i = 0; i < names.Length; i++) AddSheet(workbookPart, sheets, names[i], Content(document.Sheets[i], strings));
            workbookPart.Workbook = new Workbook(sheets);
            workbookPart.AddNewPart<WorkbookStylesPart>($"rId{sheets.ChildElements.Count + 1}").Stylesheet = Styles();
            workbookPart.AddNewPart<SharedStringTablePart>($"rId{sheets.ChildElements.Count + 2}").SharedStringTable = strings.Table;
            WriteCoreProperties(spreadsheet.AddNewPart<CoreFilePropertiesPart>("rId2"), document);
        }
        var publishedAt = document.PublishedAt.UtcDateTime;
        return Reproducible(package, publishedAt < FirstZipTime ? FirstZipTime : publishedAt > LastZipTime ? LastZipTime : publishedAt);
    }

    /// <summary>
    /// Names Excel accepts, derived deterministically: at most 31 characters, none of []:*?/\ (each becomes "_"), no
    /// apostrophe at either end, and unique ignoring case among themselves, the cover and Excel's reserved "History"
    /// (a clash gets " (2)", " (3)"…).
    /// </summary>
    internal static string[] SheetNames(EditionDocument document)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { CoverName, "History" };
        return [.. document.Sheets.Select(sheet => Unique(Valid(sheet.Name), taken))];
    }

    private static string Valid(string name)
    {
        var replaced = string.Concat(XmlSafe(name).Select(c => ForbiddenInSheetNames.Contains(c) ? '_' : c));
        return Trimmed(replaced, MaxSheetName) is { Length: > 0 } valid ? valid : "Sheet";
    }

    private static string Trimmed(string name, int length) => Shorten(name.Trim().Trim('\''), length).TrimEnd().TrimEnd('\'');

    private static string Unique(string name, HashSet<string> taken)
    {
        var candidate = name;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            var suffix = $" ({n})";
            candidate = Trimmed(name, MaxSheetName - suffix.Length) + suffix;
        }
        return candidate;
    }

    private static Worksheet Cover(EditionDocument document, string[] names, SharedStrings strings)
    {
        var sheet = new SheetBuilder(strings);
        sheet.Add([document.Title], Heading);
        sheet.Blank();
        foreach (var field in EditionValues.Cover(document)) sheet.Add([field.Label, field.Value]);
        sheet.Blank();
        sheet.Add(["Sheet", "Title"], Bold);
        var links = new Hyperlinks();
        for (var i = 0; i < names.Length; i++)
        {
            var row = sheet.Add([names[i], document.Sheets[i].Title], firstStyle: Link);
            links.Append(new Hyperlink { Reference = $"A{row}", Location = $"'{names[i].Replace("'", "''")}'!A1", Display = names[i] });
        }
        var widths = Widths([.. EditionValues.Cover(document).Select(field => new object?[] { field.Label, field.Value }),
            .. document.Sheets.Select((edition, i) => new object?[] { names[i], edition.Title })]);
        return Worksheet(widths, sheet.Data, links.HasChildren ? links : null);
    }

    private static Worksheet Content(EditionSheet edition, SharedStrings strings)
    {
        var sheet = new SheetBuilder(strings);
        sheet.Add([edition.Title], Heading);
        foreach (var note in edition.Notes) sheet.Add([note]);
        sheet.Blank();
        var headers = edition.Columns.Select(column => column.Header).ToArray<object?>();
        var header = sheet.Add(headers, Bold);
        foreach (var row in edition.Rows) sheet.Add([.. edition.Columns.Select((_, i) => row.ElementAtOrDefault(i))]);
        var totals = Totals(edition);
        if (totals is not null) sheet.Add(totals[0] is null ? [TotalLabel, .. totals[1..]] : totals, Bold);
        if (edition.Truncated > 0) sheet.Add([Truncation(edition.Truncated)]);

        var frozen = new SheetViews(new SheetView(new Pane
        {
            VerticalSplit = header, TopLeftCell = $"A{header + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
        }) { WorkbookViewId = 0 });
        var widths = Widths([headers, .. edition.Rows, totals ?? []]);
        return Worksheet(frozen, widths.HasChildren ? widths : null, sheet.Data);
    }

    private static Worksheet Worksheet(params OpenXmlElement?[] parts) => new(parts.OfType<OpenXmlElement>());

    /// <summary>Each column as wide as its longest text, within bounds; titles and notes may overflow to the right.</summary>
    private static Columns Widths(IReadOnlyList<IReadOnlyList<object?>> rows)
    {
        var columns = new Columns();
        for (var i = 0; i < rows.Max(row => row.Count); i++)
        {
            var longest = rows.Max(row => Text(row.ElementAtOrDefault(i)).Length);
            columns.Append(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = Math.Clamp(longest + 2, 8, 60), CustomWidth = true });
        }
        return columns;
    }

    /// <summary>Appends rows one after another; a null value leaves its cell empty.</summary>
    private sealed class SheetBuilder(SharedStrings strings)
    {
        public SheetData Data { get; } = new();
        private uint rows;

        public void Blank() => rows++;

        /// <returns>The row's number.</returns>
        public uint Add(IReadOnlyList<object?> values, uint style = Plain, uint? firstStyle = null)
        {
            var row = new Row { RowIndex = ++rows };
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is { } value) row.Append(Cell(value, $"{ColumnName(i)}{rows}", i == 0 ? firstStyle ?? style : style));
            }
            Data.Append(row);
            return rows;
        }

        private Cell Cell(object value, string reference, uint style)
        {
            var cell = new Cell { CellReference = reference, StyleIndex = style == Plain ? null : style };
            switch (value)
            {
                case bool flag:
                    cell.DataType = CellValues.Boolean;
                    cell.CellValue = new CellValue(flag ? "1" : "0");
                    break;
                case DateOnly date when date >= FirstDate:
                    cell.CellValue = new CellValue((date.DayNumber - DateEpoch.DayNumber).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    cell.StyleIndex = Date;
                    break;
                case var number when IsNumber(number):
                    cell.CellValue = new CellValue(Text(number));
                    break;
                default:
                    cell.DataType = CellValues.SharedString;
                    cell.CellValue = new CellValue(strings.Index(Shorten(XmlSafe(Text(value)), MaxCellText)));
                    break;
            }
            return cell;
        }
    }

    /// <summary>Each distinct text once, numbered in order of first use.</summary>
    private sealed class SharedStrings
    {
        private readonly Dictionary<string, int> indexes = new(StringComparer.Ordinal);
        public SharedStringTable Table { get; } = new();

        public string Index(string text)
        {
            if (!indexes.TryGetValue(text, out var index))
            {
                indexes.Add(text, index = indexes.Count);
                Table.Append(new SharedStringItem(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            }
            return index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static string ColumnName(int index) => index < 26
        ? ((char)('A' + index)).ToString()
        : ColumnName(index / 26 - 1) + (char)('A' + index % 26);

    private static void AddSheet(WorkbookPart workbookPart, Sheets sheets, string name, Worksheet worksheet)
    {
        var number = (uint)sheets.ChildElements.Count + 1;
        var id = $"rId{number}";
        workbookPart.AddNewPart<WorksheetPart>(id).Worksheet = worksheet;
        sheets.Append(new Sheet { Name = name, SheetId = number, Id = id });
    }

    private static Stylesheet Styles()
    {
        // The schema fixes the order of a font's children: b, u, sz, color, name.
        static Font Typeface(double size, bool bold = false, bool link = false) => new(new OpenXmlElement?[]
        {
            bold ? new Bold() : null, link ? new Underline() : null, new FontSize { Val = size },
            link ? new Color { Rgb = "FF0563C1" } : null, new FontName { Val = "Calibri" },
        }.OfType<OpenXmlElement>());
        return new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = DateFormatId, FormatCode = "yyyy-mm-dd" }) { Count = 1 },
            new Fonts(Typeface(11), Typeface(11, bold: true), Typeface(14, bold: true), Typeface(11, link: true)) { Count = 4 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            // In the order of Plain, Bold, Heading, Link and Date.
            new CellFormats(
                new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
                new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true },
                new CellFormat { NumberFormatId = 0, FontId = 2, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true },
                new CellFormat { NumberFormatId = 0, FontId = 3, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true },
                new CellFormat { NumberFormatId = DateFormatId, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true }) { Count = 5 },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }

    /// <summary>Title, author and dates from the edition itself (System.IO.Packaging's own properties would add a random relationship id).</summary>
    private static void WriteCoreProperties(CoreFilePropertiesPart part, EditionDocument document)
    {
        XNamespace cp = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            dc = "http://purl.org/dc/elements/1.1/", dcterms = "http://purl.org/dc/terms/", xsi = "http://www.w3.org/2001/XMLSchema-instance";
        XElement Date(XName name) => new(name, new XAttribute(xsi + "type", "dcterms:W3CDTF"), Instant(document.PublishedAt));
        var properties = new XElement(cp + "coreProperties",
            new XAttribute(XNamespace.Xmlns + "cp", cp), new XAttribute(XNamespace.Xmlns + "dc", dc),
            new XAttribute(XNamespace.Xmlns + "dcterms", dcterms), new XAttribute(XNamespace.Xmlns + "xsi", xsi),
            new XElement(dc + "title", XmlSafe(document.Title)), new XElement(dc + "creator", XmlSafe(document.PublishedBy)),
            Date(dcterms + "created"), Date(dcterms + "modified"));
        using var stream = part.GetStream(FileMode.Create);
        properties.Save(stream, SaveOptions.DisableFormatting);
    }

    /// <summary>
    /// System.IO.Packaging stamps each zip entry with the current time: copy the entries in name order, each stamped
    /// with the given time, so the same edition is the same bytes on any day.
    /// </summary>
    private static byte[] Reproducible(MemoryStream package, DateTime stamp)
    {
        package.Position = 0;
        using var source = new ZipArchive(package, ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries.OrderBy(entry => entry.FullName, StringComparer.Ordinal))
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = new DateTimeOffset(stamp, TimeSpan.Zero);
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }
        return output.ToArray();
    }
}
