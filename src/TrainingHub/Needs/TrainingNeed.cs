namespace TrainingHub.Needs;

/// <summary>What a country says it needs; recorded and revised as a whole.</summary>
public sealed record NeedDetails(
    string Country,
    IReadOnlyList<string> Standards,
    IReadOnlyList<string> Disciplines,
    string? Level,
    IReadOnlyList<string> TargetAudiences,
    IReadOnlyList<string> Languages,
    int EstimatedTrainees,
    string Priority,
    DateOnly? NeededBy,
    string Source,
    string? SourceReference,
    string? Notes);

public sealed record TrainingNeedRecorded(Guid NeedId, Guid RecordedBy, NeedDetails Details);

public sealed record TrainingNeedRevised(Guid NeedId, NeedDetails Details);

/// <summary>The country says the need is met, optionally by which offerings.</summary>
public sealed record TrainingNeedMet(Guid NeedId, IReadOnlyList<Guid> Offerings, string? Note);

public sealed record TrainingNeedWithdrawn(Guid NeedId, string? Reason);

public static class NeedStatus
{
    public const string Open = "open";
    public const string Met = "met";
    public const string Withdrawn = "withdrawn";
}

public sealed record TrainingNeed(Guid Id, Guid RecordedBy, NeedDetails Details, string Status)
{
    public int Version { get; init; }

    public static TrainingNeed Create(TrainingNeedRecorded e) => new(e.NeedId, e.RecordedBy, e.Details, NeedStatus.Open);

    public TrainingNeed Apply(TrainingNeedRevised e) => this with { Details = e.Details };

    public TrainingNeed Apply(TrainingNeedMet _) => this with { Status = NeedStatus.Met };

    public TrainingNeed Apply(TrainingNeedWithdrawn _) => this with { Status = NeedStatus.Withdrawn };
}
