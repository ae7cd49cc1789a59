namespace TrainingHub.Catalogue;

/// <summary>What a provider says about a programme; registered and revised as a whole.</summary>
public sealed record ProgrammeDetails(
    string Title,
    string? Summary,
    string Level,
    IReadOnlyList<string> Disciplines,
    IReadOnlyList<string> Standards,
    IReadOnlyList<string> TargetAudiences,
    IReadOnlyList<string> DeliveryModes,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Regions,
    IReadOnlyList<string> Countries,
    int? DurationHours,
    int? PassMark,
    string? Url,
    // Added later: programmes recorded before them are public, organised by their provider alone, and follow on from
    // nothing.
    string? Visibility = null,
    IReadOnlyList<ProgrammePartner>? Partners = null,
    Guid? FollowsOn = null,
    // Added later too: programmes recorded before them describe no modules (null) and do not train trainers.
    IReadOnlyList<ProgrammeModule>? Modules = null,
    bool? TrainsTrainers = null);

/// <summary>
/// One module of a programme's curriculum: its learning objectives, the standards' elements it teaches (element tags
/// such as EGMS-CF-2021:usual-residence) and how it assesses learning (an assessment-methods code).
/// </summary>
public sealed record ProgrammeModule(string Title, int? Hours, IReadOnlyList<string> LearningObjectives,
    IReadOnlyList<string> Elements, string? Assessment)
{
    /// <summary>The element tags a curriculum teaches: its modules' tags, each once, in module order.</summary>
    public static IReadOnlyList<string> ElementsOf(IReadOnlyList<ProgrammeModule>? modules) =>
        modules is null or { Count: 0 } ? [] : [.. modules.SelectMany(m => m.Elements).Distinct()];
}

/// <summary>An organisation that runs a programme with its provider, and how (a partner-roles code).</summary>
public sealed record ProgrammePartner(Guid OrganisationId, string Role);

public static class ProgrammeVisibility
{
    /// <summary>Listed in the open catalogue, without a key.</summary>
    public const string Public = "public";
    /// <summary>Only callers with a key see it.</summary>
    public const string Private = "private";

    public static bool IsPublic(ProgrammeDetails details) => details.Visibility is null or Public;
}

public static class PartnerRoles
{
    public const string Funder = "funder";

    /// <summary>
    /// The provider and every partner that takes part in running it: co-organisers, hosts, technical partners. A funder
    /// pays but does not organise, so a donor funding many providers' courses does not make them one organiser (which
    /// would hide their duplicates from the overlap report).
    /// </summary>
    public static IReadOnlyList<Guid> Organisers(Guid providerId, IReadOnlyList<ProgrammePartner>? partners) =>
        [providerId, .. (partners ?? []).Where(p => p.Role != Funder).Select(p => p.OrganisationId).Distinct()];
}

public sealed record ProgrammeRegistered(Guid ProgrammeId, Guid ProviderId, ProgrammeDetails Details);

public sealed record ProgrammeRevised(Guid ProgrammeId, ProgrammeDetails Details);

public sealed record ProgrammeRetired(Guid ProgrammeId, string? Reason);

public sealed record Programme(Guid Id, Guid ProviderId, ProgrammeDetails Details, bool Retired)
{
    public int Version { get; init; }

    public static Programme Create(ProgrammeRegistered e) => new(e.ProgrammeId, e.ProviderId, e.Details, false);

    public Programme Apply(ProgrammeRevised e) => this with { Details = e.Details };

    public Programme Apply(ProgrammeRetired _) => this with { Retired = true };
}
