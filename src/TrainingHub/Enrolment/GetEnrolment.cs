using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
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
    public int? PreScore { get; set; }
    public int? PostScore { get; set; }
    /// <summary>The latest final assessment: a later final corrects an earlier one.</summary>
    public int? FinalScore { get; set; }
    /// <summary>Completed with (latest final, else post) score ≥ pass mark; null while that cannot be told.</summary>
    public bool? Passed { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public void Recompute()
    {
        PreScore = Assessments.FirstOrDefault(a => a.Kind == AssessmentKind.Pre)?.Score;
        PostScore = Assessments.FirstOrDefault(a => a.Kind == AssessmentKind.Post)?.Score;
        FinalScore = Assessments.LastOrDefault(a => a.Kind == AssessmentKind.Final)?.Score;
        var score = FinalScore ?? PostScore;
        Passed = Outcome switch
        {
            EnrolmentStatus.DidNotComplete => false,
            EnrolmentStatus.Completed when PassMark is { } mark && score is { } s => s >= mark,
            _ => null,
        };
    }
}

/// <summary>Inline: a partner reads its own enrolment at once. All its events come from the offering stream,
/// written under the offering's lock, so concurrent updates of one view cannot interleave.</summary>
public sealed partial class EnrolmentViewProjection : MultiStreamProjection<EnrolmentView, Guid>
{
    public EnrolmentViewProjection()
    {
        Identity<TraineeEnrolled>(e => e.EnrolmentId);
        Identity<EnrolmentWithdrawn>(e => e.EnrolmentId);
        Identity<WaitlistedTraineePromoted>(e => e.EnrolmentId);
        Identity<EnrolmentCancelled>(e => e.EnrolmentId);
        Identity<AssessmentRecorded>(e => e.EnrolmentId);
        Identity<EnrolmentCompleted>(e => e.EnrolmentId);
    }

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

    public void Apply(IEvent<EnrolmentWithdrawn> e, EnrolmentView view)
    {
        view.Status = EnrolmentStatus.Withdrawn;
        view.WithdrawnAt = view.UpdatedAt = e.Timestamp;
    }

    public void Apply(IEvent<WaitlistedTraineePromoted> e, EnrolmentView view)
    {
        view.Status = EnrolmentStatus.Confirmed;
        view.PromotedAt = view.UpdatedAt = e.Timestamp;
    }

    public void Apply(IEvent<EnrolmentCancelled> e, EnrolmentView view)
    {
        view.Status = EnrolmentStatus.Cancelled;
        view.CancellationReason = e.Data.Reason;
        view.UpdatedAt = e.Timestamp;
    }

    public void Apply(IEvent<AssessmentRecorded> e, EnrolmentView view)
    {
        view.Assessments.Add(new AssessmentEntry(e.Data.Kind, e.Data.Score, e.Data.StandardScores, e.Data.AssessedAt, e.Timestamp));
        view.UpdatedAt = e.Timestamp;
        view.Recompute();
    }

    public void Apply(IEvent<EnrolmentCompleted> e, EnrolmentView view)
    {
        view.Status = e.Data.Outcome;
        view.Outcome = e.Data.Outcome;
        view.PassMark = e.Data.PassMark;
        view.CompletedAt = view.UpdatedAt = e.Timestamp;
        view.Recompute();
    }
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
