namespace TrainingHub.Editions;

/// <summary>
/// A mapping edition's content, built once from the reports as of the edition's asOf and then written as a workbook
/// (<see cref="EditionWorkbook"/>) and as a printable page (<see cref="EditionPage"/>): both show the same sheets.
/// </summary>
/// <param name="Scope">The edition's parameters as label and value (asOf, date range, filters), shown on the cover.</param>
public sealed record EditionDocument(
    Guid EditionId,
    string Title,
    DateTimeOffset AsOf,
    DateTimeOffset PublishedAt,
    string PublishedBy,
    IReadOnlyList<EditionField> Scope,
    IReadOnlyList<EditionSheet> Sheets);

public sealed record EditionField(string Label, string Value);

/// <summary>
/// One table. Cells are null, string, bool, int, long, double, decimal, DateOnly, DateTimeOffset or Guid; each row has
/// one cell per column. <paramref name="Truncated"/> says how many rows were left out to keep the sheet bounded.
/// </summary>
/// <param name="Name">Worksheet name: at most 31 characters, none of []:*?/\ (Excel's rules).</param>
public sealed record EditionSheet(
    string Name,
    string Title,
    IReadOnlyList<string> Notes,
    IReadOnlyList<EditionColumn> Columns,
    IReadOnlyList<IReadOnlyList<object?>> Rows,
    int Truncated = 0);

/// <param name="Total">Whether the sheet ends with a total of this column (numbers only).</param>
public sealed record EditionColumn(string Header, bool Total = false);
