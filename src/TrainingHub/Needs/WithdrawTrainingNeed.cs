using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Needs;

public sealed record WithdrawTrainingNeed(string? Reason)
{
    public static ProblemDetails Validate(WithdrawTrainingNeed? command, TrainingNeed? need, Guid id, NeedAuthority authority) =>
        Problems.FirstOf(
            () => NeedChanges.Found(need, id, authority),
            () => NeedChanges.Open(need!),
            () => Problems.Invalid(new ValidationErrors()
                .When(command?.Reason is { Length: > 1000 }, "reason", "At most 1000 characters.")));

    public static TrainingNeedWithdrawn Decide(WithdrawTrainingNeed? command, TrainingNeed need) =>
        new(need.Id, string.IsNullOrWhiteSpace(command?.Reason) ? null : command.Reason.Trim());
}

public static class WithdrawTrainingNeedEndpoint
{
    [AcceptsIfMatch]
    [WolverinePost("/api/needs/{id}/withdraw", OperationId = "withdrawTrainingNeed")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<TrainingNeedView>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, [FromBody] WithdrawTrainingNeed? command, IDocumentStore store,
        ReferenceData reference, ClaimsPrincipal user, HttpRequest request, CancellationToken ct) =>
        NeedChanges.Run(id, user.Caller(), store, reference,
            (need, authority) => Problems.FirstOf(
                () => WithdrawTrainingNeed.Validate(command, need, id, authority),
                () => Versioning.CheckIfMatch(request, need!.Version, required: false)),
            need => [WithdrawTrainingNeed.Decide(command, need)], ct);
}
