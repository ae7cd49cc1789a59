using System.Globalization;
using CsvHelper;
using TrainingHub.Hosting;
using TrainingHub.Kernel;

namespace TrainingHub.Reports;

/// <summary>JSON by default; CSV (one flat row per cell, pair or line) with Accept: text/csv or format=csv.</summary>
public static class ReportOutput
{
    public static bool WantsCsv(HttpRequest request, ReportQuery query) =>
        query.Format == "csv"
        || (query.Format is null && request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true));

    /// <summary>The report, with the position its facts include in the Event-Position header (CSV has no field for it).</summary>
    public static IResult Respond<TRow>(HttpRequest request, ReportQuery query, object report, Freshness freshness,
        IEnumerable<TRow> rows, string name)
    {
        request.HttpContext.Response.Headers[EventPositionHeader.Name] = freshness.Position.ToString(CultureInfo.InvariantCulture);
        if (!WantsCsv(request, query)) return TypedResults.Ok(report);
        return TypedResults.Text(Csv(rows), "text/csv; charset=utf-8", System.Text.Encoding.UTF8)
            .WithFileName($"{name}.csv");
    }

    /// <summary>A header of the row type's property names, then one record per row; text cells are formula-safe.</summary>
    public static string Csv<TRow>(IEnumerable<TRow> rows)
    {
        var properties = typeof(TRow).GetProperties();
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(writer, CsvOutput.Options, leaveOpen: true))
        {
            csv.WriteHeader([.. properties.Select(p => p.Name)]);
            foreach (var row in rows)
            {
                foreach (var property in properties) WriteValue(csv, property.GetValue(row));
                csv.EndRecord();
            }
        }
        return writer.ToString();
    }

    private static IResult WithFileName(this IResult result, string fileName) => new FileNamed(result, fileName);

    private sealed class FileNamed(IResult inner, string fileName) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            return inner.ExecuteAsync(http);
        }
    }

    public static string Join(IEnumerable<string> values) => string.Join(' ', values);

    /// <summary>Values keep their type, so CsvHelper escapes possible formulas in text but never in numbers.</summary>
    private static void WriteValue(CsvWriter csv, object? value)
    {
        switch (value)
        {
            case null: csv.WriteField((string?)null); break;
            case string text: csv.WriteField(text); break;
            case DateOnly date: csv.WriteField(date, "yyyy-MM-dd"); break;
            case DateTimeOffset instant: csv.WriteField(instant, "O"); break;
            default: csv.WriteField(value); break;
        }
    }
}
