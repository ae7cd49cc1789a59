using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Hosting;
using Wolverine.Http;

namespace TrainingHub.Catalogue;

public sealed record ChangeOfferingCapacity(int? Capacity)
{
    public static ProblemDetails Validate(ChangeOfferingCapacity command, Offering? offering, Guid offeringId, Caller caller) =>
        Problems.FirstOf(
            () => CatalogueRules.Owned(offering, offeringId, caller),
            () => CatalogueRules.Active(offering!),
            () => Problems.Invalid(new ValidationErrors().CheckCapacity(command.Capacity)));

    public static IReadOnlyList<object> Decide(ChangeOfferingCapacity command, Offering offering) =>
        command.Capacity == offering.Capacity ? [] : [new OfferingCapacityChanged(offering.Id, command.Capacity!.Value)];
}

public static class ChangeOfferingCapacityEndpoint
{
    public static Task<Offering?> LoadAsync(Guid id, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<Offering>(id, ct);

    public static ProblemDetails Validate(Guid id, ChangeOfferingCapacity command, Offering? offering, ClaimsPrincipal user,
        HttpRequest request) => Problems.FirstOf(
        () => ChangeOfferingCapacity.Validate(command, offering, id, user.Caller()),
        () => Versioning.CheckIfMatch(request, offering!.Version, required: false));

    [WolverinePost("/api/offerings/{id}/capacity", OperationId = "changeOfferingCapacity")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<OfferingView>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, ChangeOfferingCapacity command, Offering offering, IDocumentSession session,
        HttpResponse response, CancellationToken ct) =>
        OfferingChanges.Apply(id, offering, ChangeOfferingCapacity.Decide(command, offering), session, response, ct);
}
