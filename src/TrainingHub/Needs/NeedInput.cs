using Microsoft.AspNetCore.Mvc;
using TrainingHub.Kernel;
using TrainingHub.Reference;

namespace TrainingHub.Needs;

/// <summary>
/// The body of record and revise: everything optional here so that rules, not the parser, explain gaps. Lists hold
/// at most as many codes as their vocabulary has.
/// </summary>
public sealed record NeedInput(
    string? Country,
    [property: MaxItems(Vocabulary.Standards)] IReadOnlyList<string>? Standards,
    [property: MaxItems(Vocabulary.Disciplines)] IReadOnlyList<string>? Disciplines,
    string? Level,
    [property: MaxItems(Vocabulary.TargetAudiences)] IReadOnlyList<string>? TargetAudiences,
    [property: MaxItems(Vocabulary.Languages)] IReadOnlyList<string>? Languages,
    int? EstimatedTrainees,
    string? Priority,
    DateOnly? NeededBy,
    string? Source,
    string? SourceReference,
    string? Notes)
{
    public const int MaxTrainees = 1_000_000;
    public const int MaxSourceReference = 500;
    public const int MaxNotes = 2000;

    /// <summary>Most urgent first (the needs-vs-supply report orders by it).</summary>
    public static readonly IReadOnlyList<string> Priorities = ["high", "medium", "low"];

    /// <summary>Where a need comes from: a country's request, its own needs assessment, a global assessment (such as
    /// a global assessment of the national statistical system), or a survey.</summary>
    public static readonly IReadOnlyList<string> Sources = ["request", "needs-assessment", "global-assessment", "survey"];

    public static ProblemDetails Validate(NeedInput input, ReferenceData reference)
    {
        var errors = new ValidationErrors()
            .When(input.Country is null, "country", "Required: the ISO 3166-1 alpha-3 code of the country in need.")
            .When((input.Standards?.Count ?? 0) + (input.Disciplines?.Count ?? 0) == 0, "standards",
                "Name at least one standard or discipline the training should cover.")
            .When(input.EstimatedTrainees is null or < 1 or > MaxTrainees, "estimatedTrainees",
                $"Required, 1 to {MaxTrainees}.")
            .When(input.Priority is not null && !Priorities.Contains(input.Priority), "priority",
                $"One of: {string.Join(", ", Priorities)}.")
            .When(input.Source is null || !Sources.Contains(input.Source), "source", $"Required, one of: {string.Join(", ", Sources)}.")
            .When(input.SourceReference is { Length: > MaxSourceReference }, "sourceReference", $"At most {MaxSourceReference} characters.")
            .When(input.Notes is { Length: > MaxNotes }, "notes", $"At most {MaxNotes} characters.")
            .When(input.NeededBy is { Year: < 2000 or > 2100 }, "neededBy", "A date from 2000 to 2100.");
        if (input.Country is not null) errors.UnknownCode("country", input.Country, reference.Codes(Vocabulary.Countries));
        if (input.Level is not null) errors.UnknownCode("level", input.Level, reference.LevelCodes);
        errors.UnknownCodes("standards", input.Standards, reference.Codes(Vocabulary.Standards));
        errors.UnknownCodes("disciplines", input.Disciplines, reference.Codes(Vocabulary.Disciplines));
        errors.UnknownCodes("targetAudiences", input.TargetAudiences, reference.Codes(Vocabulary.TargetAudiences));
        errors.UnknownCodes("languages", input.Languages, reference.Codes(Vocabulary.Languages));
        return Problems.Invalid(errors);
    }

    /// <summary>Only call after <see cref="Validate"/> found no problem.</summary>
    public NeedDetails ToDetails() => new(
        Country!,
        Distinct(Standards),
        Distinct(Disciplines),
        Level,
        Distinct(TargetAudiences),
        Distinct(Languages),
        EstimatedTrainees!.Value,
        Priority ?? "medium",
        NeededBy,
        Source!,
        Trimmed(SourceReference),
        Trimmed(Notes));

    private static IReadOnlyList<string> Distinct(IReadOnlyList<string>? codes) => codes?.Distinct().ToArray() ?? [];

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
