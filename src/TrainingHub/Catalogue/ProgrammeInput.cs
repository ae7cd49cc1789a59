using Microsoft.AspNetCore.Mvc;
using TrainingHub.Kernel;
using TrainingHub.Reference;

namespace TrainingHub.Catalogue;

/// <summary>
/// The body of register and revise: everything optional here so that rules, not the parser, explain gaps. Each list
/// holds at most as many codes as its vocabulary has (read no further than that, see <see cref="MaxItemsAttribute"/>).
/// </summary>
public sealed record ProgrammeInput(
    string? Title,
    string? Summary,
    string? Level,
    [property: MaxItems(Vocabulary.Disciplines)] IReadOnlyList<string>? Disciplines,
    [property: MaxItems(Vocabulary.Standards)] IReadOnlyList<string>? Standards,
    [property: MaxItems(Vocabulary.TargetAudiences)] IReadOnlyList<string>? TargetAudiences,
    [property: MaxItems(Vocabulary.DeliveryModes)] IReadOnlyList<string>? DeliveryModes,
    [property: MaxItems(Vocabulary.Languages)] IReadOnlyList<string>? Languages,
    [property: MaxItems(Vocabulary.Regions)] IReadOnlyList<string>? Regions,
    [property: MaxItems(Vocabulary.Countries)] IReadOnlyList<string>? Countries,
    int? DurationHours,
    int? PassMark,
    string? Url)
{
    public const int MaxTitle = 300;
    public const int MaxSummary = 4000;

    public static ProblemDetails Validate(ProgrammeInput input, ReferenceData reference)
    {
        var errors = new ValidationErrors()
            .When(string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > MaxTitle, "title",
                $"Required, 1 to {MaxTitle} characters.")
            .When(input.Summary is { Length: > MaxSummary }, "summary", $"At most {MaxSummary} characters.")
            .When(input.Level is null, "level", "Required.")
            .When(input.Disciplines is null or { Count: 0 }, "disciplines", "At least one discipline.")
            .When(input.DeliveryModes is null or { Count: 0 }, "deliveryModes", "At least one delivery mode.")
            .When(input.Languages is null or { Count: 0 }, "languages", "At least one language.")
            .When((input.Regions?.Count ?? 0) + (input.Countries?.Count ?? 0) == 0, "regions",
                "Name at least one region or country the programme serves (all five regions for a global programme).")
            .When(input.DurationHours is < 1 or > 5000, "durationHours", "Between 1 and 5000 hours.")
            .When(input.PassMark is < 0 or > 100, "passMark", "Between 0 and 100.")
            .When(input.Url is not null && !IsWebAddress(input.Url), "url", "An absolute http(s) address of at most 2000 characters.");

        if (input.Level is not null) errors.UnknownCode("level", input.Level, reference.LevelCodes);
        errors.UnknownCodes("disciplines", input.Disciplines, reference.Codes(Vocabulary.Disciplines));
        errors.UnknownCodes("standards", input.Standards, reference.Codes(Vocabulary.Standards));
        errors.UnknownCodes("targetAudiences", input.TargetAudiences, reference.Codes(Vocabulary.TargetAudiences));
        errors.UnknownCodes("deliveryModes", input.DeliveryModes, reference.Codes(Vocabulary.DeliveryModes));
        errors.UnknownCodes("languages", input.Languages, reference.Codes(Vocabulary.Languages));
        errors.UnknownCodes("regions", input.Regions, reference.Codes(Vocabulary.Regions));
        errors.UnknownCodes("countries", input.Countries, reference.Codes(Vocabulary.Countries));
        return Problems.Invalid(errors);
    }

    /// <summary>Only call after <see cref="Validate"/> found no problem.</summary>
    public ProgrammeDetails ToDetails() => new(
        Title!.Trim(),
        string.IsNullOrWhiteSpace(Summary) ? null : Summary.Trim(),
        Level!,
        Distinct(Disciplines),
        Distinct(Standards),
        Distinct(TargetAudiences),
        Distinct(DeliveryModes),
        Distinct(Languages),
        Distinct(Regions),
        Distinct(Countries),
        DurationHours,
        PassMark,
        Url);

    private static IReadOnlyList<string> Distinct(IReadOnlyList<string>? codes) => codes?.Distinct().ToArray() ?? [];

    private static bool IsWebAddress(string url) =>
        url.Length <= 2000 && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
