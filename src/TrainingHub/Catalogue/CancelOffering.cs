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
    public static IReadOnlyList<object> Decide(CancelOffering command, Offering offering)
    {
        var reason = command.Reason!.Trim();
        return
        [
            new OfferingCancelled(offering.Id, reason),
            .. offering.Enrolments.Where(e => e.Status is EnrolmentStatus.Confirmed or EnrolmentStatus.Waitlisted)
                .Select(e => new EnrolmentCancelled(offering.Id, e.EnrolmentId, e.PartnerId, reason)),
        ];
    }
}

public static class CancelOfferingEndpoint
{
    // Locked like enrolments are, so seat changes never race (see OfferingLock).
    public static Task<Offering?> LoadAsync(Guid id, IDocumentSession session, CancellationToken ct) =>
        OfferingLock.Acquire(session, id, ct);

    public static ProblemDetails Validate(Guid id, CancelOffering command, Offering? offering, ClaimsPrincipal user,
        HttpRequest request) => Problems.FirstOf(
        () => CancelOffering.Validate(command, offering, id, user.Caller()),
        () => Versioning.CheckIfMatch(request, offering!.Version, required: false));

    [AcceptsIfMatch]
    [WolverinePost("/api/offerings/{id}/cancel", OperationId = "cancelOffering")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<OfferingView>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, CancelOffering command, Offering offering, IDocumentSession session,
        HttpResponse response, CancellationToken ct) =>
        OfferingChanges.Apply(id, offering, CancelOffering.Decide(command, offering), session, response, ct);
}
