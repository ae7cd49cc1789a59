using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using Wolverine.Http;

namespace TrainingHub.Catalogue;

public sealed record ActingOrganisation(Guid? Id, string? Name);

/// <summary>One stored event, as the audit trail shows it.</summary>
public sealed record HistoryEntry(long Sequence, long Version, string Type, DateTimeOffset Timestamp,
    ActingOrganisation ActingOrganisation, object Data);

/// <summary>The event stream is the audit trail: owner, analysts and admin read it; others are refused.</summary>
public static class GetStreamHistoryEndpoints
{
    [WolverineGet("/api/programmes/{id}/history", OperationId = "getProgrammeHistory")]
    [ProducesResponseType<IReadOnlyList<HistoryEntry>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Programme(Guid id, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var programme = await session.LoadAsync<ProgrammeView>(id, ct);
        return programme is null
            ? TypedResults.Problem(Problems.NotFound("Programme", id))
            : await History(id, programme.ProviderId, session, user.Caller(), ct);
    }

    [WolverineGet("/api/offerings/{id}/history", OperationId = "getOfferingHistory")]
    [ProducesResponseType<IReadOnlyList<HistoryEntry>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Offering(Guid id, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var offering = await session.LoadAsync<OfferingView>(id, ct);
        return offering is null
            ? TypedResults.Problem(Problems.NotFound("Offering", id))
            : await History(id, offering.ProviderId, session, user.Caller(), ct);
    }

    private static async Task<IResult> History(Guid streamId, Guid ownerId, IQuerySession session, Caller caller,
        CancellationToken ct) =>
        caller.MayAudit(ownerId)
            ? await History(streamId, session, ct)
            : TypedResults.Problem(Problems.Forbidden("Only the owner, analysts and admin may read this history."));

    /// <summary>The stream's events with the organisations that recorded them; the caller has been checked.</summary>
    public static async Task<IResult> History(Guid streamId, IQuerySession session, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(streamId, token: ct);
        var actorIds = events.Select(e => Guid.TryParse(e.UserName, out var actor) ? actor : Guid.Empty)
            .Where(actor => actor != Guid.Empty).Distinct().ToArray();
        var names = (await session.LoadManyAsync<OrganisationView>(ct, actorIds)).ToDictionary(o => o.Id, o => o.Name);
        names[Caller.AdministrationOrganisationId] = Caller.AdministrationName;

        return TypedResults.Ok(events.Select(e =>
        {
            Guid? actor = Guid.TryParse(e.UserName, out var parsed) ? parsed : null;
            var name = actor is { } known && names.TryGetValue(known, out var n) ? n : null;
            return new HistoryEntry(e.Sequence, e.Version, e.EventTypeName, e.Timestamp,
                new ActingOrganisation(actor, name), e.Data);
        }).ToArray());
    }
}
