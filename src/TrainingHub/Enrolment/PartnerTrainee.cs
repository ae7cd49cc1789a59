using System.Security.Cryptography;
using Marten;
using TrainingHub.Access;

namespace TrainingHub.Enrolment;

public sealed record TraineePersonalData(string? Email, string? GivenName, string? FamilyName, string? Organisation)
{
    public static readonly TraineePersonalData Erased = new(null, null, null, null);
}

/// <summary>
/// What one partner supplied about one person: its own stream, so that partners never read or overwrite each other's
/// details and one partner's erasure masks exactly its own events. Enrolment events on the offering stream refer to
/// the person by <see cref="Trainee"/> id and carry no personal data.
/// </summary>
public sealed record PartnerTraineeRegistered(
    Guid PartnerTraineeId, Guid TraineeId, Guid PartnerId, TraineePersonalData Person, string Sex,
    string CountryOfResidence, string OrganisationType);

public sealed record PartnerTraineeDetailsUpdated(
    Guid PartnerTraineeId, TraineePersonalData Person, string Sex, string CountryOfResidence, string OrganisationType);

/// <summary>The partner's reference and the keyed hash of the request (computed over the person's details) are
/// personal data: they stay here, where erasure masks them.</summary>
public sealed record PartnerTraineeEnrolmentReferenced(
    Guid PartnerTraineeId, Guid EnrolmentId, Guid OfferingId, string? PartnerReference, string? RequestHash);

/// <summary>A certificate id is free text a provider may fill with a name, so it lives beside the person's details
/// of the enrolling partner and is masked with them.</summary>
public sealed record PartnerTraineeCertificateIssued(Guid PartnerTraineeId, Guid EnrolmentId, string? CertificateId);

public sealed record PartnerTraineeErased(Guid PartnerTraineeId);

public sealed record PartnerTraineeReference(
    Guid EnrolmentId, Guid OfferingId, string? PartnerReference, string? RequestHash, string? CertificateId, bool Erased);

public sealed record PartnerTrainee(
    Guid Id,
    Guid TraineeId,
    Guid PartnerId,
    TraineePersonalData Person,
    string Sex,
    string CountryOfResidence,
    string OrganisationType,
    IReadOnlyList<PartnerTraineeReference> References,
    bool Erased)
{
    public int Version { get; init; }

    /// <summary>One record per person and partner, found without a lookup (and without a race between two
    /// enrolments of one new person by one partner: the second start of the stream collides and is retried).</summary>
    public static Guid IdFor(Guid traineeId, Guid partnerId)
    {
        Span<byte> input = stackalloc byte[32];
        traineeId.TryWriteBytes(input[..16]);
        partnerId.TryWriteBytes(input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        var bytes = hash[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80); // version 8 (custom), RFC 9562
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }

    public static PartnerTrainee Create(PartnerTraineeRegistered e) =>
        new(e.PartnerTraineeId, e.TraineeId, e.PartnerId, e.Person, e.Sex, e.CountryOfResidence, e.OrganisationType, [],
            false);

    /// <summary>The partner's latest enrolment carries its freshest details; after an erasure they start afresh.</summary>
    public PartnerTrainee Apply(PartnerTraineeDetailsUpdated e) => this with
    {
        Person = e.Person, Sex = e.Sex, CountryOfResidence = e.CountryOfResidence, OrganisationType = e.OrganisationType,
        Erased = false,
    };

    public PartnerTrainee Apply(PartnerTraineeEnrolmentReferenced e) => this with
    {
        References = [.. References, new PartnerTraineeReference(e.EnrolmentId, e.OfferingId, e.PartnerReference, e.RequestHash, null, false)],
    };

    public PartnerTrainee Apply(PartnerTraineeCertificateIssued e) => this with
    {
        References = [.. References.Select(r => r.EnrolmentId == e.EnrolmentId ? r with { CertificateId = e.CertificateId } : r)],
    };

    public PartnerTrainee Apply(PartnerTraineeErased _) => this with
    {
        Person = TraineePersonalData.Erased,
        References = [.. References.Select(r => r with { PartnerReference = null, RequestHash = null, CertificateId = null, Erased = true })],
        Erased = true,
    };

    public PartnerTraineeReference? ReferenceFor(Guid enrolmentId) => References.FirstOrDefault(r => r.EnrolmentId == enrolmentId);

    public bool SameDetails(TraineePersonalData person, string sex, string country, string organisationType) =>
        !Erased && Person == person && Sex == sex && CountryOfResidence == country && OrganisationType == organisationType;
}

public static class TraineeRecords
{
    public static async Task<IReadOnlyList<PartnerTrainee>> Load(IQuerySession session, Guid traineeId, CancellationToken ct) =>
        await session.Query<PartnerTrainee>().Where(r => r.TraineeId == traineeId).OrderBy(r => r.PartnerId).ToListAsync(ct);

    /// <summary>Partner isolation: a partner sees only the record it supplied itself; admin sees every partner's.</summary>
    public static IReadOnlyList<PartnerTrainee> VisibleTo(this IReadOnlyList<PartnerTrainee> records, Caller caller) =>
        caller.IsAdmin ? records : [.. records.Where(r => r.PartnerId == caller.OrganisationId)];
}
