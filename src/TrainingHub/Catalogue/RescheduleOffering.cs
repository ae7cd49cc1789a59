using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using Wolverine.Http;

namespace TrainingHub.Catalogue;

public sealed record RescheduleOffering(
    DateOnly? StartDate,
    DateOnly? EndDate,
    DateTimeOffset? EnrolmentOpensAt,
    DateTimeOffset? EnrolmentClosesAt)
{
    public static ProblemDetails Validate(RescheduleOffering command, Offering? offering, Guid offeringId, Caller caller) =>
        Problems.FirstOf(
            () => CatalogueRules.Owned(offering, offeringId, caller),
            () => CatalogueRules.Active(offering!),
            () => Problems.Invalid(new ValidationErrors().CheckDates(command.StartDate, command.EndDate,
                command.EnrolmentOpensAt, command.EnrolmentClosesAt)));

    public static IReadOnlyList<object> Decide(RescheduleOffering command, Offering offering)
    {
        var rescheduled = new OfferingRescheduled(offering.Id, command.StartDate!.Value, command.EndDate!.Value,
            command.EnrolmentOpensAt, command.EnrolmentClosesAt);
        var unchanged = offering.StartDate == rescheduled.StartDate && offering.EndDate == rescheduled.EndDate
            && offering.EnrolmentOpensAt == rescheduled.EnrolmentOpensAt
            && offering.EnrolmentClosesAt == rescheduled.EnrolmentClosesAt;
        return unchanged ? [] : [rescheduled];
    }
}

public static class RescheduleOfferingEndpoint
{
    [AcceptsIfMatch]
    [WolverinePost("/api/offerings/{id}/reschedule", OperationId = "rescheduleOffering")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<OfferingView>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, RescheduleOffering command, IDocumentStore store, ClaimsPrincipal user,
        HttpRequest request, CancellationToken ct) =>
        OfferingChanges.Run(id, user.Caller(), store, request,
            offering => RescheduleOffering.Validate(command, offering, id, user.Caller()),
            offering => RescheduleOffering.Decide(command, offering), ct);
}
