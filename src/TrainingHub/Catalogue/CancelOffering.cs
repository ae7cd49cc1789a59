using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using Wolverine.Http;

namespace TrainingHub.Catalogue;

public sealed record CancelOffering(string? Reason)
{
    public static ProblemDetails Validate(CancelOffering command, Offering? offering, Guid offeringId, Caller caller) =>
        Problems.FirstOf(
            () => CatalogueRules.Owned(offering, offeringId, caller),
            () => CatalogueRules.Active(offering!),
            () => Problems.Invalid(new ValidationErrors().When(
                string.IsNullOrWhiteSpace(command.Reason) || command.Reason.Trim().Length > 1000, "reason",
                "Required, 1 to 1000 characters: the Task Force reads why training did not happen.")));

    /// <summary>Cancelling the offering cancels every live enrolment, each with the reason, so partners see why.</summary>
    public static IReadOnlyList<object> Decide(CancelOffering command, Offering offering, IReadOnlyList<LiveEnrolment> live)
    {
        var reason = command.Reason!.Trim();
        return
        [
            new OfferingCancelled(offering.Id, reason),
            .. live.Where(e => e.Status is EnrolmentStatus.Confirmed or EnrolmentStatus.Waitlisted)
                .Select(e => new EnrolmentCancelled(offering.Id, e.Id, e.PartnerId, reason)),
        ];
    }

    /// <summary>Every confirmed and waitlisted enrolment: a cancellation writes an event for each anyway.</summary>
    public static async Task<IReadOnlyList<LiveEnrolment>> ToCancel(IQuerySession session, Offering offering,
        CancellationToken ct) =>
        await session.Query<LiveEnrolment>()
            .Where(e => e.OfferingId == offering.Id
                        && (e.Status == EnrolmentStatus.Confirmed || e.Status == EnrolmentStatus.Waitlisted))
            .ToListAsync(ct);
}

public static class CancelOfferingEndpoint
{
    [AcceptsIfMatch]
    [WolverinePost("/api/offerings/{id}/cancel", OperationId = "cancelOffering")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<OfferingView>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, CancelOffering command, IDocumentStore store, ClaimsPrincipal user,
        HttpRequest request, CancellationToken ct) =>
        OfferingChanges.Run(id, user.Caller(), store, request, CancelOffering.ToCancel,
            (offering, _) => CancelOffering.Validate(command, offering, id, user.Caller()),
            (offering, live) => CancelOffering.Decide(command, offering, live), ct);
}
