using TrainingHub.Reports;

namespace TrainingHub.Editions;

/// <summary>The filters of an edition's reports, resolved (the date range filled in) so they never depend on when it is read.</summary>
public sealed record EditionScope(DateOnly From, DateOnly To, string? Region, string? Discipline, string? Standard,
    string? Level, Guid? Provider, string? CountryGroup)
{
    public ReportScope AsOf(DateTimeOffset asOf) =>
        new(asOf, From, To, Region, Discipline, Standard, Level, Provider, CountryGroup);
}

/// <summary>
/// An analyst published the mapping as it stood at <paramref name="AsOf"/>. <paramref name="Position"/>: the event
/// store's highest committed position at publishing, which the report facts must include before the edition is
/// written. The publisher's name is kept as it was, so a later rename never changes the document.
/// </summary>
public sealed record MappingEditionPublished(Guid EditionId, string Title, DateTimeOffset AsOf, EditionScope Scope,
    long Position, Guid PublishedBy, string PublisherName, DateTimeOffset PublishedAt);

/// <summary>A published edition: fixed once published (a correction is a new edition).</summary>
public sealed record MappingEdition(Guid Id, string Title, DateTimeOffset AsOf, EditionScope Scope, long Position,
    string PublisherName, DateTimeOffset PublishedAt)
{
    public static MappingEdition Create(MappingEditionPublished e) =>
        new(e.EditionId, e.Title, e.AsOf, e.Scope, e.Position, e.PublisherName, e.PublishedAt);
}
