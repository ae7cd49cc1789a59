using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using Wolverine.Http;

namespace TrainingHub.Enrolment;

public sealed record PartnerTraineeExport(
    Guid PartnerId,
    TraineePersonalData Person,
    string Sex,
    string CountryOfResidence,
    string OrganisationType,
    bool Erased,
    IReadOnlyList<PartnerTraineeReferenceExport> References);

public sealed record PartnerTraineeReferenceExport(Guid EnrolmentId, Guid OfferingId, string? PartnerReference, string? CertificateId);

public sealed record TraineeExport(
    Guid TraineeId,
    IReadOnlyList<PartnerTraineeExport> Records,
    IReadOnlyList<EnrolmentView> Enrolments);

/// <summary>Everything held about the person (right of access): for a partner, what it supplied and its own
/// enrolments; for admin, every partner's.</summary>
public static class ExportTraineeEndpoint
{
    [WolverineGet("/api/trainees/{id}/export", OperationId = "exportTrainee")]
    [ProducesResponseType<TraineeExport>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var caller = user.Caller();
        var person = await session.LoadAsync<Trainee>(id, ct);
        var records = person is null ? [] : (await TraineeRecords.Load(session, id, ct)).VisibleTo(caller);
        if (person is null || !(caller.IsAdmin || records.Count > 0))
            return TypedResults.Problem(Problems.NotFound("Trainee", id));

        var query = session.Query<EnrolmentView>().Where(e => e.TraineeId == id);
        if (!caller.IsAdmin) query = query.Where(e => e.PartnerId == caller.OrganisationId);
        var enrolments = await query.OrderBy(e => e.EnrolledAt).ToListAsync(ct);
        // Request hashes are internal to idempotency; the references themselves are the person's data.
        return TypedResults.Ok(new TraineeExport(id, [.. records.Select(r => new PartnerTraineeExport(r.PartnerId, r.Person,
                r.Sex, r.CountryOfResidence, r.OrganisationType, r.Erased,
                [.. r.References.Select(x => new PartnerTraineeReferenceExport(x.EnrolmentId, x.OfferingId, x.PartnerReference, x.CertificateId))]))],
            enrolments));
    }
}
