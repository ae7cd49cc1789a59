using System.Globalization;
using CsvHelper;
using TrainingHub.Catalogue;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using TrainingHub.Reference;

namespace TrainingHub.Imports;

/// <summary>One problem in one cell of the file: row 1 is the first data row after the header.</summary>
public sealed record ImportProblem(int Row, string Column, string? Value, string Problem);

/// <summary>A validated row: the programme it belongs to and, when the offering columns are filled, one offering.</summary>
public sealed record ImportRow(int Row, string ProviderCode, ProgrammeInput Programme, ScheduleOffering? Offering,
    ReportParticipation? Reported);

/// <summary>
/// The mapping survey's CSV layout. Lists (disciplines, standards, ...) are separated by ';' or spaces. A row with the
/// same provider and title as an earlier row (or an existing programme) adds an offering to that programme.
/// </summary>
public static class ProgrammeImportFile
{
    // Rows are checked with the same rules as the API; ownership is settled per provider by the import itself.
    private static readonly Access.Caller ValidatingCaller = new(Guid.Empty, Access.Roles.Admin, Guid.Empty);

    public static readonly string[] Columns =
    [
        "provider", "title", "summary", "level", "disciplines", "standards", "targetAudiences", "deliveryModes",
        "languages", "regions", "countries", "durationHours", "passMark", "url",
        "offeringStart", "offeringEnd", "offeringDeliveryMode", "offeringVenueCountry", "offeringLanguage", "offeringCapacity",
        "reportedParticipants", "reportedFemale", "reportedCompleted", "reportedPassed",
    ];

    public static string Template()
    {
        var example = new[]
        {
            "UNFPA", "Workshop on migration statistics for Central Asia", "Stocks and flows; global and regional standards.",
            "intermediate", "demography;it-data-science", "UN-RSIM-R1;EGMS-CF-2021", "nso;migration-agency", "in-person",
            "ru;en", "ECE", "KAZ;KGZ;TJK;TKM;UZB", "24", "60", "",
            "2019-05-14", "2019-05-16", "in-person", "KAZ", "ru", "35", "31", "17", "29", "24",
        };
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(writer, CsvOutput.Options, leaveOpen: true))
        {
            csv.WriteHeader(Columns);
            csv.WriteRecord(example);
        }
        return writer.ToString();
    }

    /// <summary>
    /// The longest line (record) read, in bytes: a valid row (a 4,000-character summary, every country and language)
    /// is under 20 KiB. A longer line, or a header of thousands of columns, is refused before it is split into fields.
    /// </summary>
    public const int MaxLineBytes = 64 * 1024;

    /// <summary>
    /// Parses and validates every row; returns the problems (the first <see cref="Problems.MaxListed"/>, and how
    /// many more), or the rows when there is none.
    /// </summary>
    public static (IReadOnlyList<ImportRow> Rows, ProblemList<ImportProblem> Problems) Read(Stream content,
        ReferenceData reference, int maxRows)
    {
        var problems = new ProblemList<ImportProblem>();
        var rows = new List<ImportRow>();
        try
        {
            // A stream, not the bytes: only streamed input is held to MaxRecordSize.
            using var csv = CsvReader.Create(content, new CsvReaderOptions
            {
                MaxRecordSize = MaxLineBytes, BufferSize = 16 * 1024, IncludeValuesInExceptions = false,
            });
            csv.ReadHeader();
            if (csv.Headers.Count > Columns.Length)
            {
                problems.Add(new ImportProblem(0, "", null,
                    $"The header has {csv.Headers.Count} columns; a file has at most {Columns.Length}: {string.Join(", ", Columns)}."));
                return ([], problems);
            }
            var headers = csv.Headers.Select(h => h.Trim()).ToArray();
            foreach (var missing in Columns.Where(c => c is "provider" or "title" && !headers.Contains(c)))
                problems.Add(new ImportProblem(0, missing, null, "Missing column."));
            foreach (var unknown in headers.Where(h => !Columns.Contains(h)))
                problems.Add(new ImportProblem(0, Problems.Echo(unknown), null, $"Unknown column; columns are: {string.Join(", ", Columns)}."));
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
                    // PostgreSQL cannot store U+0000 in text or jsonb: refuse it here rather than fail in the background.
                    if (value.Contains('\0'))
                        problems.Add(new ImportProblem(row, headers[i], Problems.Echo(value.Replace('\0', '\uFFFD')),
                            "Contains a NUL character (U+0000), which cannot be stored."));
                    fields[headers[i]] = value.Trim();
                }
                var parsed = problems.Total == before ? ParseRow(row, fields, reference, problems) : null;
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

    private static ImportRow? ParseRow(int row, IReadOnlyDictionary<string, string> f, ReferenceData reference,
        ProblemList<ImportProblem> problems)
    {
        var before = problems.Total;
        string? Text(string column) => f.TryGetValue(column, out var v) && v.Length > 0 ? v : null;
        IReadOnlyList<string>? List(string column) => Text(column)?.Split([';', ' ', ','],
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        int? Number(string column)
        {
            if (Text(column) is not { } text) return null;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
            problems.Add(new ImportProblem(row, column, Problems.Echo(text), "Not a whole number."));
            return null;
        }
        DateOnly? Date(string column)
        {
            if (Text(column) is not { } text) return null;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            problems.Add(new ImportProblem(row, column, Problems.Echo(text), "Not a date (yyyy-mm-dd)."));
            return null;
        }

        var provider = Text("provider");
        if (provider is null) problems.Add(new ImportProblem(row, "provider", null, "Required: the provider's organisation code."));

        var programme = new ProgrammeInput(Text("title"), Text("summary"), Text("level"), List("disciplines"), List("standards"),
            List("targetAudiences"), List("deliveryModes"), List("languages"), List("regions"), List("countries"),
            Number("durationHours"), Number("passMark"), Text("url"));
        AddProblems(row, ProgrammeInput.Validate(programme, reference), f, problems);

        ScheduleOffering? offering = null;
        var offeringColumns = new[] { "offeringStart", "offeringEnd", "offeringDeliveryMode", "offeringVenueCountry", "offeringLanguage", "offeringCapacity" };
        if (offeringColumns.Any(c => Text(c) is not null))
        {
            offering = new ScheduleOffering(Date("offeringStart"), Date("offeringEnd"), Text("offeringDeliveryMode"),
                Text("offeringVenueCountry"), Text("offeringLanguage"), Number("offeringCapacity"), null, null);
            if (problems.Total == before)
            {
                var asProgramme = new Programme(Guid.Empty, Guid.Empty, programme.ToDetails(), false);
                AddProblems(row, ScheduleOffering.Validate(offering, asProgramme, Guid.Empty, ValidatingCaller, reference),
                    f, problems, prefix: "offering");
            }
        }

        ReportParticipation? reported = null;
        if (Text("reportedParticipants") is not null || Text("reportedCompleted") is not null)
        {
            if (offering is null)
                problems.Add(new ImportProblem(row, "reportedParticipants", Text("reportedParticipants") is { } given ? Problems.Echo(given) : null,
                    "Reported participation belongs to an offering: fill the offering columns too."));
            reported = new ReportParticipation(Number("reportedParticipants"), Number("reportedFemale"),
                Number("reportedCompleted"), Number("reportedPassed"));
            if (problems.Total == before && offering is not null)
                AddProblems(row, ReportParticipation.Validate(reported, Offering.Create(ScheduleOffering.Decide(offering,
                    new Programme(Guid.Empty, Guid.Empty, programme.ToDetails(), false), Guid.Empty)), Guid.Empty,
                    ValidatingCaller), f, problems, prefix: "reported");
        }
        return problems.Total == before ? new ImportRow(row, provider!.ToUpperInvariant(), programme, offering, reported) : null;
    }

    /// <summary>Maps a rule's field errors (JSON paths) back to the file's columns and the offending cell value.</summary>
    private static void AddProblems(int row, Microsoft.AspNetCore.Mvc.ProblemDetails problem,
        IReadOnlyDictionary<string, string> fields, ProblemList<ImportProblem> problems, string prefix = "")
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
            var column = prefix.Length == 0 ? name : prefix + char.ToUpperInvariant(name[0]) + name[1..];
            column = column switch
            {
                "offeringStartDate" => "offeringStart",
                "offeringEndDate" => "offeringEnd",
                _ => column,
            };
            fields.TryGetValue(column, out var value);
            foreach (var message in messages) problems.Add(new ImportProblem(row, column, value is null ? null : Problems.Echo(value), message));
        }
    }
}
