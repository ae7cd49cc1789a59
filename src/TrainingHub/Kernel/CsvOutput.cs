using CsvHelper;

namespace TrainingHub.Kernel;

/// <summary>The options of every CSV the API writes.</summary>
public static class CsvOutput
{
    /// <summary>
    /// A text cell that starts with = + - @, tab or CR is written with a leading ' (and quoted), so a spreadsheet shows
    /// it as text instead of running it as a formula (OWASP CSV injection). Titles and organisation names come from
    /// providers, so any of them may be hostile. Numbers, dates and ids are not text: -5 stays the number -5.
    /// </summary>
    public static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        TrueValue = "true",
        FalseValue = "false",
    };
}
