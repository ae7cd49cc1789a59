namespace TrainingHub.Imports;

public sealed record ProgrammeImportAccepted(Guid ImportId, Guid OrganisationId, string FileName, int Rows,
    int ProgrammesToCreate, int OfferingsToCreate, int ProgrammesExisting, int OfferingsExisting);

public sealed record ProgrammeImportCompleted(Guid ImportId, int ProgrammesCreated, int OfferingsCreated);

public sealed record ProgrammeImportFailed(Guid ImportId, string Reason);

/// <summary>The status resource of one import: accepted, then completed (all appended) or failed (nothing appended).</summary>
public sealed record ImportJob(Guid Id, Guid OrganisationId, string FileName, int Rows, int ProgrammesToCreate,
    int OfferingsToCreate, int ProgrammesExisting, int OfferingsExisting, string Status, int ProgrammesCreated,
    int OfferingsCreated, string? FailureReason, DateTimeOffset AcceptedAt, DateTimeOffset? FinishedAt)
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";

    public int Version { get; init; }

    public static ImportJob Create(JasperFx.Events.IEvent<ProgrammeImportAccepted> e) => new(e.Data.ImportId,
        e.Data.OrganisationId, e.Data.FileName, e.Data.Rows, e.Data.ProgrammesToCreate, e.Data.OfferingsToCreate,
        e.Data.ProgrammesExisting, e.Data.OfferingsExisting, Running, 0, 0, null, e.Timestamp, null);

    public ImportJob Apply(JasperFx.Events.IEvent<ProgrammeImportCompleted> e) => this with
    {
        Status = Completed, ProgrammesCreated = e.Data.ProgrammesCreated, OfferingsCreated = e.Data.OfferingsCreated,
        FinishedAt = e.Timestamp,
    };

    public ImportJob Apply(JasperFx.Events.IEvent<ProgrammeImportFailed> e) => this with
    {
        Status = Failed, FailureReason = e.Data.Reason, FinishedAt = e.Timestamp,
    };
}
