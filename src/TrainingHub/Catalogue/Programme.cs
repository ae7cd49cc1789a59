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
    string? Url);

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
