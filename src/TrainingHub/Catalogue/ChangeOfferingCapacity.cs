using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using Wolverine.Http;

namespace TrainingHub.Catalogue;

public sealed record ChangeOfferingCapacity(int? Capacity)
{
    public static ProblemDetails Validate(ChangeOfferingCapacity command, Offering? offering, Guid offeringId, Caller caller) =>
        Problems.FirstOf(
            () => CatalogueRules.Owned(offering, offeringId, caller),
            () => CatalogueRules.Active(offering!),
            () => Problems.Invalid(new ValidationErrors().CheckCapacity(command.Capacity)),
            () => command.Capacity < offering!.SeatsTaken()
                ? Problems.Conflict("Capacity below confirmed enrolments",
                    $"{offering.SeatsTaken()} trainees hold seats; capacity cannot go below that. Withdraw enrolments first.")
                : Problems.None);

    /// <summary>Raising capacity promotes from the head of the waitlist into the new seats.</summary>
    public static IReadOnlyList<object> Decide(ChangeOfferingCapacity command, Offering offering,
        IReadOnlyList<LiveEnrolment> waitlistHead)
    {
        if (command.Capacity == offering.Capacity) return [];
        var capacity = command.Capacity!.Value;
        return [new OfferingCapacityChanged(offering.Id, capacity),
            .. Waitlist.PromoteInto(offering.Id, offering.FreeSeats(capacity), waitlistHead)];
    }

    /// <summary>As many of the longest-waiting as the new capacity frees seats for (none when it does not grow).</summary>
    public static async Task<IReadOnlyList<LiveEnrolment>> WaitlistToPromote(IQuerySession session, Offering offering,
        ChangeOfferingCapacity command, CancellationToken ct)
    {
        var seats = command.Capacity is { } capacity && offering.Waitlisted > 0 ? offering.FreeSeats(capacity) : 0;
        return seats == 0 ? [] : await session.Query<LiveEnrolment>().Head(offering.Id, seats).ToListAsync(ct);
    }
}

public static class ChangeOfferingCapacityEndpoint
{
    [AcceptsIfMatch]
    [WolverinePost("/api/offerings/{id}/capacity", OperationId = "changeOfferingCapacity")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<OfferingView>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, ChangeOfferingCapacity command, IDocumentStore store, ClaimsPrincipal user,
        HttpRequest request, CancellationToken ct) =>
        OfferingChanges.Run(id, user.Caller(), store, request,
            (session, offering, token) => ChangeOfferingCapacity.WaitlistToPromote(session, offering, command, token),
            (offering, _) => ChangeOfferingCapacity.Validate(command, offering, id, user.Caller()),
            (offering, head) => ChangeOfferingCapacity.Decide(command, offering, head), ct);
}
