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
    public static IReadOnlyList<object> Decide(ChangeOfferingCapacity command, Offering offering)
    {
        if (command.Capacity == offering.Capacity) return [];
        var capacity = command.Capacity!.Value;
        return [new OfferingCapacityChanged(offering.Id, capacity), .. Waitlist.PromoteInto(offering, capacity, offering.SeatsTaken())];
    }
}

public static class ChangeOfferingCapacityEndpoint
{
    // Locked like enrolments are, so seat changes never race (see OfferingLock).
    public static Task<Offering?> LoadAsync(Guid id, IDocumentSession session, CancellationToken ct) =>
        OfferingLock.Acquire(session, id, ct);

    public static ProblemDetails Validate(Guid id, ChangeOfferingCapacity command, Offering? offering, ClaimsPrincipal user,
        HttpRequest request) => Problems.FirstOf(
        () => ChangeOfferingCapacity.Validate(command, offering, id, user.Caller()),
        () => Versioning.CheckIfMatch(request, offering!.Version, required: false));

    [AcceptsIfMatch]
    [WolverinePost("/api/offerings/{id}/capacity", OperationId = "changeOfferingCapacity")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<OfferingView>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, ChangeOfferingCapacity command, Offering offering, IDocumentSession session,
        HttpResponse response, CancellationToken ct) =>
        OfferingChanges.Apply(id, offering, ChangeOfferingCapacity.Decide(command, offering), session, response, ct);
}
