using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Kernel;

namespace TrainingHub.Imports;

/// <summary>One problem in one cell of the file: row 1 is the first data row after the header.</summary>
public sealed record ImportProblem(int Row, string Column, string? Value, string Problem);

/// <summary>
/// What every CSV import shares: reading the upload, checking the header, reading rows with bounded lines, mapping the
/// API's rules back to cells, and the 422 that lists the problems when a file is refused (nothing is written then).
/// </summary>
public static class CsvImport
{
    /// <summary>
    /// The longest line (record) read, in bytes: a valid row (a 4,000-character summary, every country and language)
    /// is under 20 KiB. A longer line, or a header of thousands of columns, is refused before it is split into fields.
    /// </summary>
    public const int MaxLineBytes = 64 * 1024;

    public static string Template(IReadOnlyList<string> columns, IReadOnlyList<string> example)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(writer, CsvOutput.Options, leaveOpen: true))
        {
            csv.WriteHeader(columns.ToArray());
            csv.WriteRecord(example.ToArray());
        }
        return writer.ToString();
    }

    /// <summary>The upload as a seekable stream, or a 415 when it is not CSV. The body limit (Hosting/RequestBodyLimit.cs)
    /// has checked Content-Length and stops the read past the endpoint's limit (413).</summary>
    public static async Task<(Stream? Content, IResult? Refusal)> ReadBodyAsync(HttpRequest request, int maxBytes,
        string templatePath, CancellationToken ct)
    {
        if (request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) != true)
            return (null, TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status415UnsupportedMediaType, Title = "CSV expected",
                Detail = $"Send the file as text/csv (GET {templatePath} shows the columns).",
            }));
        var buffer = new MemoryStream((int)Math.Min(request.ContentLength ?? 0, maxBytes));
        await request.Body.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        return (buffer, null);
    }

    /// <summary>
    /// Reads and checks every row with <paramref name="parse"/>; returns the problems (the first
    /// <see cref="Problems.MaxListed"/>, and how many more), or the rows when there is none.
    /// </summary>
    public static (IReadOnlyList<TRow> Rows, ProblemList<ImportProblem> Problems) Read<TRow>(Stream content,
        IReadOnlyList<string> columns, IReadOnlyList<string> required, int maxRows, Func<ImportCells, TRow?> parse)
        where TRow : class
    {
        var problems = new ProblemList<ImportProblem>();
        var rows = new List<TRow>();
        try
        {
            // A stream, not the bytes: only streamed input is held to MaxRecordSize.
            using var csv = CsvReader.Create(content, new CsvReaderOptions
            {
                MaxRecordSize = MaxLineBytes, BufferSize = 16 * 1024, IncludeValuesInExceptions = false,
            });
            csv.ReadHeader();
            if (csv.Headers.Count > columns.Count)
            {
                problems.Add(new ImportProblem(0, "", null,
                    $"The header has {csv.Headers.Count} columns; a file has at most {columns.Count}: {string.Join(", ", columns)}."));
                return ([], problems);
            }
            var headers = csv.Headers.Select(h => h.Trim()).ToArray();
            foreach (var missing in required.Where(c => !headers.Contains(c)))
                problems.Add(new ImportProblem(0, missing, null, "Missing column."));
            foreach (var unknown in headers.Where(h => !columns.Contains(h)))
                problems.Add(new ImportProblem(0, Problems.Echo(unknown), null, $"Unknown column; columns are: {string.Join(", ", columns)}."));
            if (problems.Total > 0) return ([], problems);

            var row = 0;
            while (csv.Read())
            {
                row++;
                if (row > maxRows)
                {
                    problems.Add(new ImportProblem(row, "", null, $"At most {maxRows} rows per file."));
                    break;
                }
                var before = problems.Total;
                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < headers.Length && i < csv.FieldCount; i++)
                {
                    var value = csv.GetString(i);
                    // PostgreSQL cannot store U+0000 in text or jsonb: refuse it here rather than fail when writing.
                    if (value.Contains('\0'))
                        problems.Add(new ImportProblem(row, headers[i], Problems.Echo(value.Replace('\0', '\uFFFD')),
                            "Contains a NUL character (U+0000), which cannot be stored."));
                    fields[headers[i]] = value.Trim();
                }
                var parsed = problems.Total == before ? parse(new ImportCells(row, fields, problems)) : null;
                // Once the file is refused its rows are of no use: keep none, so a bad file costs no more than its problems.
                if (problems.Total > 0) rows.Clear();
                else if (parsed is not null) rows.Add(parsed);
            }
            if (row == 0) problems.Add(new ImportProblem(0, "", null, "The file has no data row."));
        }
        catch (CsvFormatException e)
        {
            problems.Add(new ImportProblem(0, "", null, $"Not a readable CSV file: {e.Message}"));
        }
        return problems.Total > 0 ? ([], problems) : (rows, problems);
    }

    /// <summary>422 listing the first problems and counting the rest.</summary>
    public static IResult Rejected(ProblemList<ImportProblem> problems)
    {
        var details = new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The file breaks one or more rules; nothing was imported",
            Detail = $"{problems.Total} problem(s)"
                     + (problems.Omitted > 0 ? $", the first {problems.Listed.Count} listed ({problems.Omitted} more left out)" : "")
                     + "; each names its row (1 = first data row), column and value.",
        };
        details.Extensions["problems"] = problems.Listed;
        if (problems.Omitted > 0) details.Extensions["problemsOmitted"] = problems.Omitted;
        return TypedResults.Problem(details);
    }
}

/// <summary>One row's cells, read as the API's types; a cell that does not parse is recorded as a problem.</summary>
public sealed class ImportCells(int row, IReadOnlyDictionary<string, string> fields, ProblemList<ImportProblem> problems)
{
    public int Row => row;
    public ProblemList<ImportProblem> Problems => problems;

    public string? Text(string column) => fields.TryGetValue(column, out var v) && v.Length > 0 ? v : null;

    /// <summary>Lists are separated by ';', ',' or spaces.</summary>
    public IReadOnlyList<string>? List(string column) => Text(column)?.Split([';', ' ', ','],
        StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public int? Number(string column)
    {
        if (Text(column) is not { } text) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
        problems.Add(new ImportProblem(row, column, Kernel.Problems.Echo(text), "Not a whole number."));
        return null;
    }

    public DateOnly? Date(string column)
    {
        if (Text(column) is not { } text) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        problems.Add(new ImportProblem(row, column, Kernel.Problems.Echo(text), "Not a date (yyyy-mm-dd)."));
        return null;
    }

    public void Add(string column, string? value, string problem) =>
        problems.Add(new ImportProblem(row, column, value is null ? null : Kernel.Problems.Echo(value), problem));

    /// <summary>Maps a rule's field errors (JSON paths) back to the file's columns and the offending cell value.</summary>
    public void AddProblems(ProblemDetails problem, string prefix = "", Func<string, string>? column = null)
    {
        if (problem.IsNone()) return;
        if (problem is not Microsoft.AspNetCore.Http.HttpValidationProblemDetails validation)
        {
            problems.Add(new ImportProblem(row, "", null, problem.Detail ?? problem.Title ?? "Rejected."));
            return;
        }
        foreach (var (field, messages) in validation.Errors)
        {
            var name = field.Split('[')[0];
            var named = prefix.Length == 0 ? name : prefix + char.ToUpperInvariant(name[0]) + name[1..];
            if (column is not null) named = column(named);
            fields.TryGetValue(named, out var value);
            foreach (var message in messages)
                problems.Add(new ImportProblem(row, named, value is null ? null : Kernel.Problems.Echo(value), message));
        }
    }
}
