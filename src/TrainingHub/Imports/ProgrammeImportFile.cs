using System.Globalization;
using TrainingHub.Catalogue;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using TrainingHub.Reference;

namespace TrainingHub.Imports;

/// <summary>A validated row: the programme it belongs to and, when the offering columns are filled, one offering.</summary>
public sealed record ImportRow(int Row, string ProviderCode, ProgrammeInput Programme, ScheduleOffering? Offering,
    ReportParticipation? Reported, ImportedFunding? Funding = null);

/// <summary>An offering's funding as the file gives it: funders by organisation code, resolved when the import is planned.</summary>
public sealed record ImportedFunding(MoneyInput? TotalCost, IReadOnlyList<(string FunderCode, FundingInput Line)> Lines);

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
        "reportedParticipants", "reportedFemale", "reportedCompleted", "reportedPassed", "reportedCountries",
        "totalCost", "funding",
    ];

    public static string Template() => CsvImport.Template(Columns,
    [
        "UNFPA", "Workshop on migration statistics for Central Asia", "Stocks and flows; global and regional standards.",
        "intermediate", "demography;it-data-science", "UN-RSIM-R1;EGMS-CF-2021", "nso;migration-agency", "in-person",
        "ru;en", "ECE", "KAZ;KGZ;TJK;TKM;UZB", "24", "60", "",
        "2019-05-14", "2019-05-16", "in-person", "KAZ", "ru", "35", "31", "17", "29", "24", "KAZ:12;KGZ:8;TJK:6;UZB:5",
        "38500 USD", "UNFPA:own-budget:8500:USD;MIGRATION-MPTF:grant:30000:USD",
    ]);

    /// <summary>Reads and checks every row with the API's rules (see <see cref="CsvImport.Read{TRow}"/>).</summary>
    public static (IReadOnlyList<ImportRow> Rows, ProblemList<ImportProblem> Problems) Read(Stream content,
        ReferenceData reference, int maxRows) =>
        CsvImport.Read(content, Columns, ["provider", "title"], maxRows, cells => ParseRow(cells, reference));

    /// <summary>"KAZ:12;KGZ:8": participants per country of residence.</summary>
    private static Dictionary<string, int>? Countries(ImportCells f)
    {
        if (f.List("reportedCountries") is not { } entries) return null;
        var countries = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var parts = entry.Split(':');
            if (parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None,
                    CultureInfo.InvariantCulture, out var count) && countries.TryAdd(parts[0].ToUpperInvariant(), count))
                continue;
            f.Add("reportedCountries", entry, "Not country:participants (e.g. KAZ:12), or a country named twice.");
        }
        return countries;
    }

    /// <summary>"25000 USD" and "MPTF:grant:18000:USD;UNFPA:own-budget:6000:USD" (funder by organisation code).</summary>
    private static ImportedFunding? Funding(ImportCells f)
    {
        var cost = f.Text("totalCost");
        var lines = f.Text("funding");
        if (cost is null && lines is null) return null;
        MoneyInput? totalCost = null;
        if (cost is not null)
        {
            var parts = cost.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && decimal.TryParse(parts[0], NumberStyles.AllowDecimalPoint,
                    CultureInfo.InvariantCulture, out var amount))
                totalCost = new MoneyInput(amount, parts[1].ToUpperInvariant());
            else f.Add("totalCost", cost, "Not an amount and a currency (e.g. 25000 USD).");
        }
        var funding = new List<(string, FundingInput)>();
        foreach (var entry in lines?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [])
        {
            var parts = entry.Split(':');
            if (parts.Length == 4 && decimal.TryParse(parts[2], NumberStyles.AllowDecimalPoint,
                    CultureInfo.InvariantCulture, out var amount))
                funding.Add((parts[0].ToUpperInvariant(), new FundingInput(null, parts[1], amount, parts[3].ToUpperInvariant())));
            else f.Add("funding", entry, "Not funder-code:kind:amount:currency (e.g. MPTF:grant:18000:USD).");
        }
        return new ImportedFunding(totalCost, funding);
    }

    private static ImportRow? ParseRow(ImportCells f, ReferenceData reference)
    {
        var (row, problems) = (f.Row, f.Problems);
        var before = problems.Total;

        var provider = f.Text("provider");
        if (provider is null) f.Add("provider", null, "Required: the provider's organisation code.");

        var programme = new ProgrammeInput(f.Text("title"), f.Text("summary"), f.Text("level"), f.List("disciplines"),
            f.List("standards"), f.List("targetAudiences"), f.List("deliveryModes"), f.List("languages"), f.List("regions"),
            f.List("countries"), f.Number("durationHours"), f.Number("passMark"), f.Text("url"));
        f.AddProblems(ProgrammeInput.Validate(programme, reference));

        ScheduleOffering? offering = null;
        var offeringColumns = new[] { "offeringStart", "offeringEnd", "offeringDeliveryMode", "offeringVenueCountry", "offeringLanguage", "offeringCapacity" };
        if (offeringColumns.Any(c => f.Text(c) is not null))
        {
            offering = new ScheduleOffering(f.Date("offeringStart"), f.Date("offeringEnd"), f.Text("offeringDeliveryMode"),
                f.Text("offeringVenueCountry"), f.Text("offeringLanguage"), f.Number("offeringCapacity"), null, null);
            if (problems.Total == before)
            {
                var asProgramme = new Programme(Guid.Empty, Guid.Empty, programme.ToDetails(), false);
                f.AddProblems(ScheduleOffering.Validate(offering, asProgramme, Guid.Empty, ValidatingCaller, reference),
                    prefix: "offering", column: column => column switch
                    {
                        "offeringStartDate" => "offeringStart",
                        "offeringEndDate" => "offeringEnd",
                        _ => column,
                    });
            }
        }

        ReportParticipation? reported = null;
        if (f.Text("reportedParticipants") is not null || f.Text("reportedCompleted") is not null || f.Text("reportedCountries") is not null)
        {
            if (offering is null)
                f.Add("reportedParticipants", f.Text("reportedParticipants"),
                    "Reported participation belongs to an offering: fill the offering columns too.");
            reported = new ReportParticipation(f.Number("reportedParticipants"), f.Number("reportedFemale"),
                f.Number("reportedCompleted"), f.Number("reportedPassed"), Countries(f));
            if (problems.Total == before && offering is not null)
                f.AddProblems(ReportParticipation.Validate(reported, Offering.Create(ScheduleOffering.Decide(offering,
                    new Programme(Guid.Empty, Guid.Empty, programme.ToDetails(), false), Guid.Empty)), Guid.Empty,
                    ValidatingCaller), prefix: "reported",
                    column: column => column.StartsWith("reportedCountries", StringComparison.Ordinal) ? "reportedCountries" : column);
        }
        var funding = Funding(f);
        if (funding is not null && offering is null)
            f.Add("funding", f.Text("funding") ?? f.Text("totalCost"), "Funding belongs to an offering: fill the offering columns too.");
        return problems.Total == before
            ? new ImportRow(row, provider!.ToUpperInvariant(), programme, offering, reported, funding)
            : null;
    }
}
