using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using static TrainingHub.Editions.EditionValues;

namespace TrainingHub.Editions;

/// <summary>
/// The edition as one printable HTML page with the workbook's content: cover, contents, then each sheet as a section
/// starting on a new printed page. Self-contained (no script, no external resource), so it prints and archives as is.
/// </summary>
public static class EditionPage
{
    private const string Style = """
        @page { margin: 16mm 14mm; }
        body { font: 10.5pt/1.45 "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #111; margin: 0 auto; max-width: 64rem; padding: 1rem; }
        h1 { font-size: 20pt; margin: 0 0 1rem; }
        h2 { font-size: 14pt; margin: 0 0 .5rem; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
        dt { font-weight: bold; }
        dd { margin: 0; }
        section { break-before: page; page-break-before: always; }
        .note { margin: .25rem 0; color: #333; }
        table { border-collapse: collapse; width: 100%; margin-top: .75rem; font-size: 9.5pt; }
        caption { text-align: left; font-weight: bold; padding-bottom: .25rem; }
        th, td { border: 1px solid #999; padding: .15rem .4rem; text-align: left; vertical-align: top; white-space: pre-line; }
        thead th { background: #eee; }
        thead { display: table-header-group; }
        tfoot { display: table-row-group; font-weight: bold; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        .number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .long { overflow-wrap: anywhere; }
        .truncated { font-style: italic; }
        @media print { body { max-width: none; padding: 0; } a { color: inherit; text-decoration: none; } }
        """;

    /// <summary>The SHA-256 (base64) of the page's one inline style, so its Content-Security-Policy can allow it without
    /// 'unsafe-inline'.</summary>
    public static string StyleHash { get; } = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)));

    public static string Render(EditionDocument document)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encode(document.Title)}</title>
            <style>{Style}</style>
            </head>
            <body>
            <header>
            <h1>{Encode(document.Title)}</h1>
            <dl>

            """);
        foreach (var field in Cover(document)) html.Append(CultureInfo.InvariantCulture, $"<dt>{Encode(field.Label)}</dt><dd>{Encode(field.Value)}</dd>\n");
        html.Append("</dl>\n<nav aria-labelledby=\"contents\">\n<h2 id=\"contents\">Contents</h2>\n<ol>\n");
        for (var i = 0; i < document.Sheets.Count; i++)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<li><a href=\"#{Anchor(i)}\">{Encode(document.Sheets[i].Name)}</a>: {Encode(document.Sheets[i].Title)}</li>\n");
        }
        html.Append("</ol>\n</nav>\n</header>\n<main>\n");
        for (var i = 0; i < document.Sheets.Count; i++) AppendSection(html, document.Sheets[i], Anchor(i));
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Anchor(int index) => $"sheet-{(index + 1).ToString(CultureInfo.InvariantCulture)}";

    private static void AppendSection(StringBuilder html, EditionSheet sheet, string anchor)
    {
        html.Append(CultureInfo.InvariantCulture, $"<section id=\"{anchor}\" aria-labelledby=\"{anchor}-name\">\n<h2 id=\"{anchor}-name\">{Encode(sheet.Name)}</h2>\n");
        foreach (var note in sheet.Notes) html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{Encode(note)}</p>\n");
        html.Append(CultureInfo.InvariantCulture, $"<table>\n<caption>{Encode(sheet.Title)}</caption>\n<thead>\n<tr>");
        for (var i = 0; i < sheet.Columns.Count; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\"{NumberClass(IsNumeric(sheet, i))}>{Encode(sheet.Columns[i].Header)}</th>");
        }
        html.Append("</tr>\n</thead>\n<tbody>\n");
        foreach (var row in sheet.Rows) AppendRow(html, [.. sheet.Columns.Select((_, i) => row.ElementAtOrDefault(i))]);
        html.Append("</tbody>\n");
        if (Totals(sheet) is { } totals)
        {
            html.Append("<tfoot>\n");
            AppendRow(html, totals, rowLabel: totals[0] is null ? TotalLabel : null);
            html.Append("</tfoot>\n");
        }
        html.Append("</table>\n");
        if (sheet.Truncated > 0) html.Append(CultureInfo.InvariantCulture, $"<p class=\"truncated\">{Encode(Truncation(sheet.Truncated))}</p>\n");
        html.Append("</section>\n");
    }

    /// <param name="rowLabel">Shown as the row's header in place of the first cell.</param>
    private static void AppendRow(StringBuilder html, IReadOnlyList<object?> cells, string? rowLabel = null)
    {
        html.Append("<tr>");
        for (var i = 0; i < cells.Count; i++)
        {
            if (i == 0 && rowLabel is not null) html.Append(CultureInfo.InvariantCulture, $"<th scope=\"row\">{Encode(rowLabel)}</th>");
            else html.Append(CultureInfo.InvariantCulture, $"<td{CellClass(cells[i])}>{Encode(Text(cells[i]))}</td>");
        }
        html.Append("</tr>\n");
    }

    /// <summary>A column of numbers (and empty cells) is right-aligned, header included.</summary>
    private static bool IsNumeric(EditionSheet sheet, int column) =>
        sheet.Columns[column].Total
        || (sheet.Rows.Any(row => row.ElementAtOrDefault(column) is not null)
            && sheet.Rows.All(row => row.ElementAtOrDefault(column) is null or double or int or long or decimal));

    private static string NumberClass(bool number) => number ? " class=\"number\"" : "";

    // Only long text may break inside a word: letting every cell do so would squeeze short columns letter by letter.
    private static string CellClass(object? cell) =>
        cell is double or int or long or decimal ? NumberClass(true) : cell is string { Length: > 60 } ? " class=\"long\"" : "";

    private static string Encode(string text) => WebUtility.HtmlEncode(XmlSafe(text));
}
