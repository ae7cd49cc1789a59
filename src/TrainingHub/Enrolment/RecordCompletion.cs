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

    public static ProblemDetails CheckEnrolment(EnrolmentView view, Caller caller)
    {
        if (!caller.MayChange(view.ProviderId))
            return Problems.Forbidden("Only the provider that runs the offering (or an admin) records completions.");
        return view.Status == EnrolmentStatus.Confirmed
            ? Problems.None
            : Problems.Conflict("Enrolment not confirmed",
                $"The enrolment is {view.Status}; an outcome is recorded once, for a confirmed trainee.");
    }

    /// <summary>The programme's pass mark at completion is kept with the outcome, so later revisions do not
    /// change who passed.</summary>
    public static EnrolmentCompleted Decide(RecordCompletion command, EnrolmentView view, int? passMark) =>
        new(view.OfferingId, view.Id, view.PartnerId, command.Outcome!, passMark);

    /// <summary>The certificate id goes to the enrolling partner's record of the person, where erasure masks it.</summary>
    public static PartnerTraineeCertificateIssued? DecideCertificate(RecordCompletion command, EnrolmentView view) =>
        string.IsNullOrWhiteSpace(command.CertificateId)
            ? null
            : new PartnerTraineeCertificateIssued(PartnerTrainee.IdFor(view.TraineeId, view.PartnerId), view.Id,
                command.CertificateId.Trim());

    public static IReadOnlyList<StreamEvents> DecideAll(RecordCompletion command, EnrolmentView view, int? passMark) =>
        DecideCertificate(command, view) is { } certificate
            ? [new StreamEvents(view.OfferingId, [Decide(command, view, passMark)]), new StreamEvents(certificate.PartnerTraineeId, [certificate])]
            : [new StreamEvents(view.OfferingId, [Decide(command, view, passMark)])];
}

public static class RecordCompletionEndpoint
{
    public static ProblemDetails Validate(RecordCompletion command) => RecordCompletion.Validate(command);

    [WolverinePost("/api/enrolments/{id}/completion", OperationId = "recordCompletion")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<EnrolmentView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> Post(Guid id, RecordCompletion command, IDocumentStore store, ClaimsPrincipal user,
        CancellationToken ct) =>
        EnrolmentChanges.Run(id, user.Caller(), store,
            (session, locked, token) => session.LoadAsync<Programme>(locked.Offering.ProgrammeId, token),
            locked => RecordCompletion.CheckEnrolment(locked.View, user.Caller()),
            (locked, programme) => RecordCompletion.DecideAll(command, locked.View, programme?.Details.PassMark),
            view => TypedResults.Ok(view), ct);
}
