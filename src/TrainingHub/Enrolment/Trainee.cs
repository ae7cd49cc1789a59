namespace TrainingHub.Enrolment;

/// <summary>
/// Personal data lives only in the trainee's own stream (and the read models built from it), so erasure can mask
/// exactly these events. Everything else refers to the trainee by id.
/// </summary>
public sealed record TraineePersonalData(string? Email, string? GivenName, string? FamilyName, string? Organisation)
{
    public static readonly TraineePersonalData Erased = new(null, null, null, null);
}

public sealed record TraineeRegistered(
    Guid TraineeId, TraineePersonalData Person, string Sex, string CountryOfResidence, string OrganisationType);

public sealed record TraineeDetailsUpdated(
    Guid TraineeId, TraineePersonalData Person, string Sex, string CountryOfResidence, string OrganisationType);

/// <summary>
/// A partner enrolled the trainee. The partner's reference is personal data, and so is the hash of the request
/// (it was computed over the person's details): both stay here, where erasure masks them.
/// </summary>
public sealed record TraineeEnrolmentReferenced(
    Guid TraineeId, Guid EnrolmentId, Guid OfferingId, Guid PartnerId, string? PartnerReference, string? RequestHash);

public sealed record TraineePersonalDataErased(Guid TraineeId);

public sealed record TraineeReference(Guid EnrolmentId, Guid OfferingId, Guid PartnerId, string? PartnerReference, string? RequestHash);

public sealed record Trainee(
    Guid Id,
    TraineePersonalData Person,
    string Sex,
    string CountryOfResidence,
    string OrganisationType,
    IReadOnlyList<TraineeReference> References,
    bool Erased)
{
    public int Version { get; init; }

    public static Trainee Create(TraineeRegistered e) =>
        new(e.TraineeId, e.Person, e.Sex, e.CountryOfResidence, e.OrganisationType, [], false);

    public Trainee Apply(TraineeDetailsUpdated e) => this with
    {
        Person = e.Person, Sex = e.Sex, CountryOfResidence = e.CountryOfResidence, OrganisationType = e.OrganisationType,
    };

    public Trainee Apply(TraineeEnrolmentReferenced e) => this with
    {
        References = [.. References, new TraineeReference(e.EnrolmentId, e.OfferingId, e.PartnerId, e.PartnerReference, e.RequestHash)],
    };

    public Trainee Apply(TraineePersonalDataErased _) => this with
    {
        Person = TraineePersonalData.Erased,
        References = [.. References.Select(r => r with { PartnerReference = null, RequestHash = null })],
        Erased = true,
    };

    /// <summary>Partners that enrolled this person: they (and admin) may export or erase the data.</summary>
    public bool EnrolledBy(Guid partnerId) => References.Any(r => r.PartnerId == partnerId);

    public TraineeReference? ReferenceFor(Guid enrolmentId) => References.FirstOrDefault(r => r.EnrolmentId == enrolmentId);

    public static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();
}
