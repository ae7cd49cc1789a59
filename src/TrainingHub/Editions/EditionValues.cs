using System.Globalization;
using System.Text;
using System.Xml;

namespace TrainingHub.Editions;

/// <summary>What the workbook and the page share, so both show the same cover, values, totals and notes.</summary>
internal static class EditionValues
{
    public const string TotalLabel = "Total";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The cover's label and value pairs: the edition's own facts, then its scope.</summary>
    public static IReadOnlyList<EditionField> Cover(EditionDocument document) =>
    [
        new("As of", Instant(document.AsOf)),
        new("Published at", Instant(document.PublishedAt)),
        new("Published by", document.PublishedBy),
        new("Edition", document.EditionId.ToString()),
        .. document.Scope,
    ];

    public static bool IsNumber(object? value) => value is int or long or decimal || value is double number && double.IsFinite(number);

    /// <summary>
    /// A cell as text: the workbook writes numbers in this form as their value, so the page shows what the workbook
    /// holds. Doubles and decimals keep at most 4 decimals.
    /// </summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "TRUE" : "FALSE",
        int number => number.ToString(Invariant),
        long number => number.ToString(Invariant),
        double number => WithoutNegativeZero(number.ToString("0.####", Invariant)),
        decimal number => WithoutNegativeZero(number.ToString("0.####", Invariant)),
        DateOnly date => date.ToString("yyyy-MM-dd", Invariant),
        DateTimeOffset instant => Instant(instant),
        Guid id => id.ToString(),
        _ => throw new ArgumentException($"An edition cell cannot hold a {value.GetType().Name}.", nameof(value)),
    };

    // A tiny negative value rounds to "-0", which reads as a sign error.
    private static string WithoutNegativeZero(string text) => text == "-0" ? "0" : text;

    public static string Instant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant);

    /// <summary>
    /// Each column's total where the column asks for one, null elsewhere; null for the whole sheet when no column does.
    /// Whole numbers and decimals add up exactly (as a decimal); a column with doubles totals as a double.
    /// </summary>
    public static object?[]? Totals(EditionSheet sheet) => sheet.Columns.Any(column => column.Total)
        ? [.. sheet.Columns.Select((column, index) => column.Total ? Sum(sheet.Rows.Select(row => row.ElementAtOrDefault(index))) : null)]
        : null;

    private static object Sum(IEnumerable<object?> cells)
    {
        decimal exact = 0;
        double? approximate = null;
        foreach (var cell in cells)
        {
            switch (cell)
            {
                case int number: exact += number; break;
                case long number: exact += number; break;
                case decimal number: exact += number; break;
                case double number: approximate = (approximate ?? 0) + number; break;
            }
        }
        return approximate is { } sum ? sum + (double)exact : exact;
    }

    public static string Truncation(int truncated) => truncated == 1
        ? "1 more row was left out."
        : $"{truncated.ToString("N0", Invariant)} more rows were left out.";

    /// <summary>The text without what XML 1.0 cannot carry (control characters, lone surrogates), so a stray byte in
    /// the data cannot break the file.</summary>
    public static string XmlSafe(string text)
    {
        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i])) kept.Append(text[i]);
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i])) kept.Append(text, i++, 2);
        }
        return kept.Length == text.Length ? text : kept.ToString();
    }

    /// <summary>At most <paramref name="length"/> characters, never splitting a surrogate pair.</summary>
    public static string Shorten(string text, int length) =>
        text.Length <= length ? text : text[..(char.IsHighSurrogate(text[length - 1]) ? length - 1 : length)];
}
