using Microsoft.AspNetCore.Mvc;
using TrainingHub.Kernel;
using TrainingHub.Reference;

namespace TrainingHub.Catalogue;

public sealed record ProgrammePartnerInput(Guid? OrganisationId, string? Role);

/// <summary>A module of the curriculum, as sent; checked by <see cref="ProgrammeInput.Validate"/>.</summary>
public sealed record ProgrammeModuleInput(
    string? Title,
    int? Hours,
    IReadOnlyList<string>? LearningObjectives,
    /// <summary>Element tags of the standards (GET /api/reference/standards), each of a standard the programme names.</summary>
    [property: MaxItems(Vocabulary.StandardElements)] IReadOnlyList<string>? Elements,
    /// <summary>An assessment-methods code (GET /api/reference/vocabularies).</summary>
    string? Assessment)
{
    public ProgrammeModule ToModule() => new(
        Title!.Trim(),
        Hours,
        LearningObjectives?.Select(o => o.Trim()).ToArray() ?? [],
        Elements?.Distinct().ToArray() ?? [],
        Assessment);
}

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
    string? Url,
    /// <summary>public (default: listed in the open catalogue) or private.</summary>
    string? Visibility = null,
    /// <summary>Organisations that run it with the provider (at most 20), each with its role.</summary>
    IReadOnlyList<ProgrammePartnerInput>? Partners = null,
    /// <summary>The programme this one builds on (registered before it), e.g. a second workshop after the first.</summary>
    Guid? FollowsOn = null,
    /// <summary>What it teaches, module by module (at most 30).</summary>
    IReadOnlyList<ProgrammeModuleInput>? Modules = null,
    /// <summary>Whether it trains trainers (default false).</summary>
    bool? TrainsTrainers = null)
{
    public const int MaxPartners = 20;
    public const int MaxModules = 30;
    public const int MaxModuleHours = 1000;
    public const int MaxObjectives = 10;
    public const int MaxObjective = 500;

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
            .When(input.Url is not null && !IsWebAddress(input.Url), "url", "An absolute http(s) address of at most 2000 characters.")
            .When(input.Partners is { Count: > MaxPartners }, "partners", $"At most {MaxPartners} partners.")
            .When(input.Modules is { Count: > MaxModules }, "modules", $"At most {MaxModules} modules.");

        if (input.Level is not null) errors.UnknownCode("level", input.Level, reference.LevelCodes);
        errors.UnknownCodes("disciplines", input.Disciplines, reference.Codes(Vocabulary.Disciplines));
        errors.UnknownCodes("standards", input.Standards, reference.Codes(Vocabulary.Standards));
        errors.UnknownCodes("targetAudiences", input.TargetAudiences, reference.Codes(Vocabulary.TargetAudiences));
        errors.UnknownCodes("deliveryModes", input.DeliveryModes, reference.Codes(Vocabulary.DeliveryModes));
        errors.UnknownCodes("languages", input.Languages, reference.Codes(Vocabulary.Languages));
        errors.UnknownCodes("regions", input.Regions, reference.Codes(Vocabulary.Regions));
        errors.UnknownCodes("countries", input.Countries, reference.Codes(Vocabulary.Countries));
        errors.UnknownCode("visibility", input.Visibility, reference.VisibilityCodes);
        if (input.Modules is { Count: <= MaxModules } modules)
            for (var i = 0; i < modules.Count; i++)
                ValidateModule(errors, $"modules[{i}]", modules[i], input.Standards ?? [], reference);
        return Problems.Invalid(errors);
    }

    private static void ValidateModule(ValidationErrors errors, string field, ProgrammeModuleInput? module,
        IReadOnlyList<string> standards, ReferenceData reference)
    {
        if (module is null)
        {
            errors.Add(field, "A module: title, hours, learningObjectives, elements, assessment.");
            return;
        }
        errors.When(string.IsNullOrWhiteSpace(module.Title) || module.Title.Trim().Length > MaxTitle, $"{field}.title",
                $"Required, 1 to {MaxTitle} characters.")
            .When(module.Hours is < 1 or > MaxModuleHours, $"{field}.hours", $"Between 1 and {MaxModuleHours} hours.")
            .When(module.LearningObjectives is { Count: > MaxObjectives }, $"{field}.learningObjectives",
                $"At most {MaxObjectives} learning objectives.");
        if (module.LearningObjectives is { Count: <= MaxObjectives } objectives)
            for (var j = 0; j < objectives.Count; j++)
                errors.When(string.IsNullOrWhiteSpace(objectives[j]) || objectives[j].Trim().Length > MaxObjective,
                    $"{field}.learningObjectives[{j}]", $"1 to {MaxObjective} characters.");
        errors.UnknownCodes($"{field}.elements", module.Elements, reference.StandardElementCodes)
            .UnknownCode($"{field}.assessment", module.Assessment, reference.AssessmentMethodCodes);

        // Teaching an element of a standard the programme does not claim is a data-entry slip: one list or the other
        // is wrong, and only the provider can say which.
        if (module.Elements is not { } elements || elements.Count > reference.StandardElementCodes.Count) return;
        var unclaimed = elements.Select(e => e is null ? null : reference.StandardOfElement.GetValueOrDefault(e))
            .OfType<string>().Where(standard => !standards.Contains(standard)).Distinct().ToArray();
        errors.When(unclaimed.Length > 0, $"{field}.elements",
            $"Teaches elements of {string.Join(", ", unclaimed)}, which the programme does not name in standards: add the standard or drop the elements.");
    }

    /// <summary>
    /// What the partners and the programme followed on from must be, checked against what exists
    /// (<see cref="ProgrammeLinks"/>): known organisations other than the provider, one line per organisation and role;
    /// a programme registered before this one.
    /// </summary>
    public static ProblemDetails ValidateLinks(ProgrammeInput input, Guid providerId, ProgrammeLinks links,
        ReferenceData reference)
    {
        var errors = new ValidationErrors();
        var partners = input.Partners is { Count: <= MaxPartners } listed ? listed : [];
        for (var i = 0; i < partners.Count; i++)
        {
            var partner = partners[i];
            if (partner is null)
            {
                errors.Add($"partners[{i}]", "A partner: organisationId and role.");
                continue;
            }
            errors.When(partner.OrganisationId is null, $"partners[{i}].organisationId", "Required: the partner organisation's id.")
                .When(partner.OrganisationId is { } id && id != providerId && !links.KnownOrganisations.Contains(id),
                    $"partners[{i}].organisationId", "No organisation has this id.")
                .When(partner.OrganisationId == providerId, $"partners[{i}].organisationId",
                    "The provider runs its own programme already; name the other organisations.")
                .When(partner.Role is null || !reference.PartnerRoleCodes.Contains(partner.Role), $"partners[{i}].role",
                    $"Required, one of: {string.Join(", ", reference.PartnerRoleCodes.Order())}.");
        }
        errors.When(partners.Where(p => p?.OrganisationId is not null).GroupBy(p => (p.OrganisationId, p.Role)).Any(g => g.Count() > 1),
            "partners", "One line per organisation and role.");
        if (input.FollowsOn is { } followed)
            errors.When(links.FollowedProgramme is null, "followsOn", "No programme has this id.")
                .When(links.FollowedProgramme is { } before && links.Self is { } self
                      && (before.Id == self.Id || before.RegisteredAt >= self.RegisteredAt), "followsOn",
                    "A programme follows on from one registered before it.");
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
        Url,
        Visibility ?? ProgrammeVisibility.Public,
        Partners?.Select(p => new ProgrammePartner(p.OrganisationId!.Value, p.Role!)).Distinct().ToArray() ?? [],
        FollowsOn,
        Modules?.Select(m => m.ToModule()).ToArray() ?? [],
        TrainsTrainers ?? false);

    private static IReadOnlyList<string> Distinct(IReadOnlyList<string>? codes) => codes?.Distinct().ToArray() ?? [];

    private static bool IsWebAddress(string url) =>
        url.Length <= 2000 && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
