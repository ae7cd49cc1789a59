using System.Globalization;
using CsvHelper;

namespace TrainingHub.Reports;

/// <summary>JSON by default; CSV (one flat row per cell, pair or line) with Accept: text/csv or format=csv.</summary>
public static class ReportOutput
{
    public static bool WantsCsv(HttpRequest request, ReportQuery query) =>
        query.Format == "csv"
        || (query.Format is null && request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true));

    public static IResult Respond<TRow>(HttpRequest request, ReportQuery query, object report, IEnumerable<TRow> rows,
        string name)
    {
        if (!WantsCsv(request, query)) return TypedResults.Ok(report);

        var properties = typeof(TRow).GetProperties();
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(writer, null, leaveOpen: true))
        {
            csv.WriteHeader([.. properties.Select(p => p.Name)]);
            foreach (var row in rows)
                csv.WriteRecord([.. properties.Select(p => Format(p.GetValue(row)))]);
        }
        return TypedResults.Text(writer.ToString(), "text/csv; charset=utf-8", System.Text.Encoding.UTF8)
            .WithFileName($"{name}.csv");
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

    private static string Format(object? value) => value switch
    {
        null => "",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset instant => instant.ToString("O", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
