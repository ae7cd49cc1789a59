using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Catalogue;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Needs;

public sealed class TrainingNeedView
{
    public Guid Id { get; set; }
    public string Country { get; set; } = "";
    /// <summary>The regions the country belongs to: what the region filter and the reports use.</summary>
    public List<string> Regions { get; set; } = [];
    public List<string> Standards { get; set; } = [];
    public List<string> Disciplines { get; set; } = [];
    public string? Level { get; set; }
    public List<string> TargetAudiences { get; set; } = [];
    public List<string> Languages { get; set; } = [];
    public int EstimatedTrainees { get; set; }
    public string Priority { get; set; } = "";
    public DateOnly? NeededBy { get; set; }
    public string Source { get; set; } = "";
    public string? SourceReference { get; set; }
    public string? Notes { get; set; }
    public string Status { get; set; } = NeedStatus.Open;
    /// <summary>The offerings the country named when it marked the need met.</summary>
    public List<Guid> MetBy { get; set; } = [];
    /// <summary>The note given when the need was marked met or withdrawn.</summary>
    public string? StatusNote { get; set; }
    public Guid RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

public sealed partial class TrainingNeedViewProjection : SingleStreamProjection<TrainingNeedView, Guid>
{
    public TrainingNeedView Create(IEvent<TrainingNeedRecorded> e) => From(e.Data, e.Timestamp);

    public void Apply(IEvent<TrainingNeedRevised> e, TrainingNeedView view)
    {
        Fill(view, e.Data.Details);
        Touch(view, e);
    }

    public void Apply(IEvent<TrainingNeedMet> e, TrainingNeedView view)
    {
        (view.Status, view.MetBy, view.StatusNote) = (NeedStatus.Met, [.. e.Data.Offerings], e.Data.Note);
        Touch(view, e);
    }

    public void Apply(IEvent<TrainingNeedWithdrawn> e, TrainingNeedView view)
    {
        (view.Status, view.StatusNote) = (NeedStatus.Withdrawn, e.Data.Reason);
        Touch(view, e);
    }

    public static TrainingNeedView From(TrainingNeedRecorded recorded, DateTimeOffset at)
    {
        var view = new TrainingNeedView
        {
            Id = recorded.NeedId, RecordedBy = recorded.RecordedBy, RecordedAt = at, UpdatedAt = at, Version = 1,
        };
        Fill(view, recorded.Details);
        return view;
    }

    private static void Touch(TrainingNeedView view, IEvent e)
    {
        view.UpdatedAt = e.Timestamp;
        view.Version = (int)e.Version;
    }

    private static void Fill(TrainingNeedView view, NeedDetails details)
    {
        view.Country = details.Country;
        view.Regions = [.. ReferenceData.Current.RegionsOf(details.Country)];
        view.Standards = [.. details.Standards];
        view.Disciplines = [.. details.Disciplines];
        view.Level = details.Level;
        view.TargetAudiences = [.. details.TargetAudiences];
        view.Languages = [.. details.Languages];
        view.EstimatedTrainees = details.EstimatedTrainees;
        view.Priority = details.Priority;
        view.NeededBy = details.NeededBy;
        view.Source = details.Source;
        view.SourceReference = details.SourceReference;
        view.Notes = details.Notes;
    }
}

public static class GetTrainingNeedEndpoints
{
    [WolverineGet("/api/needs/{id}", OperationId = "getTrainingNeed")]
    [ProducesResponseType<TrainingNeedView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, ClaimsPrincipal user, ReferenceData reference,
        HttpResponse response, CancellationToken ct)
    {
        var view = await session.LoadAsync<TrainingNeedView>(id, ct);
        if (view is null || !await MayReadAsync(session, user.Caller(), view.Country, reference, ct))
            return TypedResults.Problem(Problems.NotFound("Training need", id));
        response.SetETag(view.Version);
        return TypedResults.Ok(view);
    }

    [WolverineGet("/api/needs/{id}/history", OperationId = "getTrainingNeedHistory")]
    [ProducesResponseType<IReadOnlyList<HistoryEntry>>(StatusCodes.Status200OK)]
    public static async Task<IResult> History(Guid id, IQuerySession session, ClaimsPrincipal user, ReferenceData reference,
        CancellationToken ct)
    {
        var view = await session.LoadAsync<TrainingNeedView>(id, ct);
        // Whoever may read a need reads its history; to anyone else it does not exist.
        return view is null || !await MayReadAsync(session, user.Caller(), view.Country, reference, ct)
            ? TypedResults.Problem(Problems.NotFound("Training need", id))
            : await GetStreamHistoryEndpoints.History(id, session, ct);
    }

    /// <summary>Only a provider key's organisation can speak for countries: no other caller costs a read.</summary>
    public static async Task<NeedAuthority> AuthorityAsync(IQuerySession session, Caller caller, ReferenceData reference,
        CancellationToken ct) =>
        NeedAuthority.Of(caller, caller.Role == Roles.Provider
            ? await session.LoadAsync<OrganisationView>(caller.OrganisationId, ct) : null, reference);

    private static async Task<bool> MayReadAsync(IQuerySession session, Caller caller, string country,
        ReferenceData reference, CancellationToken ct) =>
        caller.IsAnalyst || (await AuthorityAsync(session, caller, reference, ct)).Covers(country);
}
