using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Marten.Patching;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using Wolverine.Http;

namespace TrainingHub.Enrolment;

public sealed record AssessmentEntry(string Kind, int Score, IReadOnlyDictionary<string, int> StandardScores,
    DateTimeOffset AssessedAt, DateTimeOffset RecordedAt);

/// <summary>An enrolment without personal data: what partners, providers and reports read.</summary>
public sealed class EnrolmentView
{
    public Guid Id { get; set; }
    public Guid OfferingId { get; set; }
    public Guid ProgrammeId { get; set; }
    public Guid ProviderId { get; set; }
    public Guid PartnerId { get; set; }
    public Guid TraineeId { get; set; }
    public string Status { get; set; } = "";
    public string Sex { get; set; } = "";
    public string CountryOfResidence { get; set; } = "";
    public string OrganisationType { get; set; } = "";
    /// <summary>The answer first given, repeated to retries of the same Idempotency-Key.</summary>
    public string InitialStatus { get; set; } = "";
    public int? InitialWaitlistPosition { get; set; }
    public DateTimeOffset EnrolledAt { get; set; }
    public DateTimeOffset? PromotedAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    public string? CancellationReason { get; set; }
    public List<AssessmentEntry> Assessments { get; set; } = [];
    public string? Outcome { get; set; }
    public int? PassMark { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>When the trainee's reaction and follow-up answers were recorded (the answers themselves are counted in
    /// the reports, not kept here).</summary>
    public DateTimeOffset? ReactionRecordedAt { get; set; }
    public DateTimeOffset? FollowUpRecordedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    // Derived from the assessments whenever the view is read, so a projection can append an assessment without
    // reading the view first.
    public int? PreScore => Assessments.FirstOrDefault(a => a.Kind == AssessmentKind.Pre)?.Score;
    public int? PostScore => Assessments.FirstOrDefault(a => a.Kind == AssessmentKind.Post)?.Score;

    /// <summary>The latest final assessment: a later final corrects an earlier one.</summary>
    public int? FinalScore => Assessments.LastOrDefault(a => a.Kind == AssessmentKind.Final)?.Score;

    /// <summary>Completed with (latest final, else post) score ≥ pass mark; null while that cannot be told.</summary>
    public bool? Passed => Outcome switch
    {
        EnrolmentStatus.DidNotComplete => false,
        EnrolmentStatus.Completed when PassMark is { } mark && (FinalScore ?? PostScore) is { } score => score >= mark,
        _ => null,
    };
}

/// <summary>Inline: a partner reads its own enrolment at once. An event projection: each change is an insert or a
/// patch, written without reading the view first, so it adds no round trip under the offering's lock.</summary>
public sealed partial class EnrolmentViewProjection : EventProjection
{
    public EnrolmentView Create(IEvent<TraineeEnrolled> e) => new()
    {
        Id = e.Data.EnrolmentId,
        OfferingId = e.Data.OfferingId,
        ProgrammeId = e.Data.ProgrammeId,
        ProviderId = e.Data.ProviderId,
        PartnerId = e.Data.PartnerId,
        TraineeId = e.Data.TraineeId,
        Status = e.Data.Status,
        Sex = e.Data.Sex,
        CountryOfResidence = e.Data.CountryOfResidence,
        OrganisationType = e.Data.OrganisationType,
        InitialStatus = e.Data.Status,
        InitialWaitlistPosition = e.Data.WaitlistPosition,
        EnrolledAt = e.Timestamp,
        UpdatedAt = e.Timestamp,
    };

    public void Project(IEvent<EnrolmentWithdrawn> e, IDocumentOperations ops) =>
        Change(ops, e.Data.EnrolmentId, e.Timestamp).Set(v => v.Status, EnrolmentStatus.Withdrawn).Set(v => v.WithdrawnAt, e.Timestamp);

    public void Project(IEvent<WaitlistedTraineePromoted> e, IDocumentOperations ops) =>
        Change(ops, e.Data.EnrolmentId, e.Timestamp).Set(v => v.Status, EnrolmentStatus.Confirmed).Set(v => v.PromotedAt, e.Timestamp);

    public void Project(IEvent<EnrolmentCancelled> e, IDocumentOperations ops) =>
        Change(ops, e.Data.EnrolmentId, e.Timestamp).Set(v => v.Status, EnrolmentStatus.Cancelled).Set(v => v.CancellationReason, e.Data.Reason);

    public void Project(IEvent<AssessmentRecorded> e, IDocumentOperations ops) =>
        Change(ops, e.Data.EnrolmentId, e.Timestamp).Append(v => v.Assessments,
            new AssessmentEntry(e.Data.Kind, e.Data.Score, e.Data.StandardScores, e.Data.AssessedAt, e.Timestamp));

    public void Project(IEvent<EnrolmentCompleted> e, IDocumentOperations ops) =>
        Change(ops, e.Data.EnrolmentId, e.Timestamp).Set(v => v.Status, e.Data.Outcome).Set(v => v.Outcome, e.Data.Outcome)
            .Set(v => v.PassMark, e.Data.PassMark).Set(v => v.CompletedAt, e.Timestamp);

    public void Project(IEvent<ReactionRecorded> e, IDocumentOperations ops) =>
        Change(ops, e.Data.EnrolmentId, e.Timestamp).Set(v => v.ReactionRecordedAt, e.Timestamp);

    public void Project(IEvent<FollowUpRecorded> e, IDocumentOperations ops) =>
        Change(ops, e.Data.EnrolmentId, e.Timestamp).Set(v => v.FollowUpRecordedAt, e.Timestamp);

    private static IPatchExpression<EnrolmentView> Change(IDocumentOperations ops, Guid enrolmentId, DateTimeOffset at) =>
        ops.Patch<EnrolmentView>(enrolmentId).Set(v => v.UpdatedAt, at);
}

/// <summary>The enrolment as the API shows it, with its current waitlist position and, for the enrolling partner
/// or admin only, the partner's own reference; the certificate id also for the owning provider.</summary>
public sealed record EnrolmentDetails(EnrolmentView Enrolment, int? WaitlistPosition, string? PartnerReference,
    string? CertificateId);

public static class EnrolmentAccess
{
    /// <summary>Readers: the enrolling partner, the owning provider, analysts and admin. Others are told 404.</summary>
    public static bool MayRead(this Caller caller, EnrolmentView view) =>
        caller.IsAdmin || caller.IsAnalyst || caller.OrganisationId == view.PartnerId
        || caller.OrganisationId == view.ProviderId;

    /// <summary>A trainee's survey answers come through the partner that enrolled them (or admin), nobody else.</summary>
    public static ProblemDetails AnswersFor(this Caller caller, EnrolmentView view) =>
        caller.IsAdmin || caller.OrganisationId == view.PartnerId ? Problems.None
            : Problems.Forbidden("Only the partner that enrolled the trainee (or an admin) records their answers.");
}

public static class GetEnrolmentEndpoint
{
    [WolverineGet("/api/enrolments/{id}", OperationId = "getEnrolment")]
    [ProducesResponseType<EnrolmentDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var caller = user.Caller();
        var view = await session.LoadAsync<EnrolmentView>(id, ct);
        if (view is null || !caller.MayRead(view)) return TypedResults.Problem(Problems.NotFound("Enrolment", id));

        PartnerTraineeReference? reference = null;
        var enrollingPartner = caller.IsAdmin || caller.OrganisationId == view.PartnerId;
        if (enrollingPartner || caller.OrganisationId == view.ProviderId)
            reference = (await session.LoadAsync<PartnerTrainee>(PartnerTrainee.IdFor(view.TraineeId, view.PartnerId), ct))
                ?.ReferenceFor(id);
        var position = view.Status == EnrolmentStatus.Waitlisted ? await Waitlist.PositionOf(session, id, ct) : null;
        return TypedResults.Ok(new EnrolmentDetails(view, position,
            enrollingPartner ? reference?.PartnerReference : null, reference?.CertificateId));
    }
}
