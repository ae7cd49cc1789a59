using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using Wolverine.Http;

namespace TrainingHub.Enrolment;

public sealed record RosterEntry(Guid EnrolmentId, Guid TraineeId, string? GivenName, string? FamilyName, string? Email,
    string? Organisation, string OrganisationType, string CountryOfResidence, string Status, int? WaitlistPosition);

public sealed record Roster(Guid OfferingId, int Capacity, int SeatsTaken, IReadOnlyList<RosterEntry> Confirmed,
    IReadOnlyList<RosterEntry> Waitlist);

/// <summary>The provider needs names to run the training: the roster is the one place it sees them.</summary>
public static class GetRosterEndpoint
{
    [WolverineGet("/api/offerings/{id}/roster", OperationId = "getRoster")]
    [ProducesResponseType<Roster>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var offering = await session.LoadAsync<Offering>(id, ct);
        if (offering is null) return TypedResults.Problem(Problems.NotFound("Offering", id));
        if (!user.Caller().MayChange(offering.ProviderId))
            return TypedResults.Problem(Problems.Forbidden("Only the provider that runs the offering (or an admin) reads its roster."));

        // Confirmed and finished in the order they were enrolled, the waitlist in its own order (by ticket).
        var live = await session.Query<LiveEnrolment>().Where(e => e.OfferingId == id).ToListAsync(ct);
        var views = (await session.LoadManyAsync<EnrolmentView>(ct, live.Select(e => e.Id))).ToDictionary(v => v.Id);
        // Per enrolment, the details supplied by the partner that made it.
        var records = (await session.LoadManyAsync<PartnerTrainee>(ct,
                live.Select(e => PartnerTrainee.IdFor(e.TraineeId, e.PartnerId)).Distinct()))
            .ToDictionary(t => t.Id);
        var seated = live.Where(e => EnrolmentStatus.HoldsSeat(e.Status))
            .OrderBy(e => views[e.Id].EnrolledAt).ThenBy(e => e.Id).ToList();
        var waitlist = live.Where(e => e.Status == EnrolmentStatus.Waitlisted).OrderBy(e => e.Ticket).ToList();

        RosterEntry Entry(LiveEnrolment seat, int? position)
        {
            var t = records[PartnerTrainee.IdFor(seat.TraineeId, seat.PartnerId)];
            return new RosterEntry(seat.Id, seat.TraineeId, t.Person.GivenName, t.Person.FamilyName, t.Person.Email,
                t.Person.Organisation, t.OrganisationType, t.CountryOfResidence, seat.Status, position);
        }

        return TypedResults.Ok(new Roster(id, offering.Capacity, offering.SeatsTaken(),
            [.. seated.Select(e => Entry(e, null))],
            [.. waitlist.Select((e, index) => Entry(e, index + 1))]));
    }
}
