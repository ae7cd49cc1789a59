using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Catalogue;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using Wolverine.Http;

namespace TrainingHub.Enrolment;

public sealed record RecordCompletion(string? Outcome, string? CertificateId)
{
    public static ProblemDetails Validate(RecordCompletion command) =>
        Problems.Invalid(new ValidationErrors()
            .When(command.Outcome is not (EnrolmentStatus.Completed or EnrolmentStatus.DidNotComplete), "outcome",
                "One of: completed, did-not-complete.")
            .When(command.CertificateId is { Length: > 200 }, "certificateId", "At most 200 characters.")
            .When(command.CertificateId is not null && command.Outcome == EnrolmentStatus.DidNotComplete, "certificateId",
                "Only completed trainees receive a certificate."));

    public static ProblemDetails CheckEnrolment(EnrolmentView view, Offering offering, Caller caller)
    {
        if (!caller.MayChange(view.ProviderId))
            return Problems.Forbidden("Only the provider that runs the offering (or an admin) records completions.");
        var seat = offering.Seat(view.Id)!;
        return seat.Status == EnrolmentStatus.Confirmed
            ? Problems.None
            : Problems.Conflict("Enrolment not confirmed",
                $"The enrolment is {seat.Status}; an outcome is recorded once, for a confirmed trainee.");
    }

    /// <summary>The programme's pass mark at completion is kept with the outcome, so later revisions do not
    /// change who passed.</summary>
    public static EnrolmentCompleted Decide(RecordCompletion command, Offering offering, Guid enrolmentId, int? passMark) =>
        new(offering.Id, enrolmentId, offering.Seat(enrolmentId)!.PartnerId, command.Outcome!, passMark);

    /// <summary>The certificate id goes to the enrolling partner's record of the person, where erasure masks it.</summary>
    public static PartnerTraineeCertificateIssued? DecideCertificate(RecordCompletion command, Offering offering, Guid enrolmentId)
    {
        if (string.IsNullOrWhiteSpace(command.CertificateId)) return null;
        var seat = offering.Seat(enrolmentId)!;
        return new PartnerTraineeCertificateIssued(PartnerTrainee.IdFor(seat.TraineeId, seat.PartnerId), enrolmentId,
            command.CertificateId.Trim());
    }
}

public static class RecordCompletionEndpoint
{
    public static ProblemDetails Validate(RecordCompletion command) => RecordCompletion.Validate(command);

    [WolverinePost("/api/enrolments/{id}/completion", OperationId = "recordCompletion")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<EnrolmentView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, RecordCompletion command, IDocumentSession session, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var caller = user.Caller();
        var (view, offering, problem) = await EnrolmentLookup.LockForChange(session, id, caller, ct);
        if (problem.IsNone()) problem = RecordCompletion.CheckEnrolment(view!, offering!, caller);
        if (!problem.IsNone()) return TypedResults.Problem(problem);

        var programme = await session.LoadAsync<Programme>(offering!.ProgrammeId, ct);
        session.Events.Append(offering.Id, RecordCompletion.Decide(command, offering, id, programme?.Details.PassMark));
        if (RecordCompletion.DecideCertificate(command, offering, id) is { } certificate)
            session.Events.Append(certificate.PartnerTraineeId, certificate);
        await session.SaveChangesAsync(ct);
        return TypedResults.Ok(await session.LoadAsync<EnrolmentView>(id, ct));
    }
}
