using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Catalogue;

public sealed class OfferingView
{
    public Guid Id { get; set; }
    public Guid ProgrammeId { get; set; }
    public Guid ProviderId { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public string DeliveryMode { get; set; } = "";
    public string? VenueCountry { get; set; }
    /// <summary>Regions of the venue country; empty for online and self-paced offerings.</summary>
    public List<string> VenueRegions { get; set; } = [];
    public string Language { get; set; } = "";
    public int Capacity { get; set; }
    public DateTimeOffset? EnrolmentOpensAt { get; set; }
    public DateTimeOffset? EnrolmentClosesAt { get; set; }
    /// <summary>enrolmentClosesAt, or the start of the first day when none was given.</summary>
    public DateTimeOffset EffectiveEnrolmentClosesAt { get; set; }
    public string Status { get; set; } = OfferingStatus.Scheduled;
    public string? CancellationReason { get; set; }
    public ParticipationReported? ReportedParticipation { get; set; }
    /// <summary>Total cost and funders, as last recorded.</summary>
    public OfferingFundingRecorded? Funding { get; set; }
    /// <summary>The provider's anonymous evaluation totals, as last reported.</summary>
    public EvaluationSummaryReported? EvaluationSummary { get; set; }
    public DateTimeOffset ScheduledAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

public static class OfferingStatus
{
    public const string Scheduled = "scheduled";
    public const string Cancelled = "cancelled";
}

public sealed partial class OfferingViewProjection : SingleStreamProjection<OfferingView, Guid>
{
    public OfferingView Create(IEvent<OfferingScheduled> e)
    {
        var view = From(e.Data);
        view.ScheduledAt = view.UpdatedAt = e.Timestamp;
        return view;
    }

    public void Apply(IEvent<OfferingRescheduled> e, OfferingView view)
    {
        view.StartDate = e.Data.StartDate;
        view.EndDate = e.Data.EndDate;
        view.EnrolmentOpensAt = e.Data.EnrolmentOpensAt;
        view.EnrolmentClosesAt = e.Data.EnrolmentClosesAt;
        view.EffectiveEnrolmentClosesAt = Offering.EffectiveClose(e.Data.StartDate, e.Data.EnrolmentClosesAt);
        Touch(view, e);
    }

    public void Apply(IEvent<OfferingCapacityChanged> e, OfferingView view)
    {
        view.Capacity = e.Data.Capacity;
        Touch(view, e);
    }

    public void Apply(IEvent<ParticipationReported> e, OfferingView view)
    {
        view.ReportedParticipation = e.Data;
        Touch(view, e);
    }

    public void Apply(IEvent<OfferingFundingRecorded> e, OfferingView view)
    {
        view.Funding = e.Data;
        Touch(view, e);
    }

    public void Apply(IEvent<EvaluationSummaryReported> e, OfferingView view)
    {
        view.EvaluationSummary = e.Data;
        Touch(view, e);
    }

    public void Apply(IEvent<OfferingCancelled> e, OfferingView view)
    {
        view.Status = OfferingStatus.Cancelled;
        view.CancellationReason = e.Data.Reason;
        Touch(view, e);
    }

    public static OfferingView From(OfferingScheduled e) => new()
    {
        Id = e.OfferingId,
        ProgrammeId = e.ProgrammeId,
        ProviderId = e.ProviderId,
        StartDate = e.StartDate,
        EndDate = e.EndDate,
        DeliveryMode = e.DeliveryMode,
        VenueCountry = e.VenueCountry,
        VenueRegions = e.VenueCountry is null ? [] : [.. ReferenceData.Current.RegionsOf(e.VenueCountry)],
        Language = e.Language,
        Capacity = e.Capacity,
        EnrolmentOpensAt = e.EnrolmentOpensAt,
        EnrolmentClosesAt = e.EnrolmentClosesAt,
        EffectiveEnrolmentClosesAt = Offering.EffectiveClose(e.StartDate, e.EnrolmentClosesAt),
        ScheduledAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
        Version = 1,
    };

    private static void Touch(OfferingView view, IEvent e)
    {
        view.UpdatedAt = e.Timestamp;
        view.Version = (int)e.Version;
    }
}

public static class GetOfferingEndpoint
{
    [WolverineGet("/api/offerings/{id}", OperationId = "getOffering")]
    [ProducesResponseType<OfferingView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, HttpResponse response, CancellationToken ct)
    {
        // Enrolments are events of the offering's stream too, but leave the view as it was: the ETag a change's If-Match
        // is checked against is the stream's version, which the offering's snapshot keeps. Both in one round trip.
        var batch = session.CreateBatchQuery();
        var found = batch.Load<OfferingView>(id);
        var snapshot = batch.Load<Offering>(id);
        await batch.Execute(ct);
        if (await found is not { } view) return TypedResults.Problem(Problems.NotFound("Offering", id));
        if (await snapshot is { } offering) view.Version = offering.Version;
        response.SetETag(view.Version);
        return TypedResults.Ok(view);
    }
}
