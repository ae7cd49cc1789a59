using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Needs;

public static class ReviseTrainingNeed
{
    /// <summary>Moving a need to another country needs the right to speak for that one too.</summary>
    public static ProblemDetails Validate(NeedInput input, TrainingNeed? need, Guid id, NeedAuthority authority,
        ReferenceData reference) =>
        Problems.FirstOf(
            () => NeedChanges.Found(need, id, authority),
            () => NeedChanges.Open(need!),
            () => NeedInput.Validate(input, reference),
            () => authority.CheckRecord(input.Country!));

    public static TrainingNeedRevised Decide(NeedInput input, TrainingNeed need) => new(need.Id, input.ToDetails());
}

public static class ReviseTrainingNeedEndpoint
{
    [AcceptsIfMatch(required: true)]
    [WolverinePut("/api/needs/{id}", OperationId = "reviseTrainingNeed")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<TrainingNeedView>(StatusCodes.Status200OK)]
    public static Task<IResult> Put(Guid id, NeedInput input, IDocumentStore store, ReferenceData reference,
        ClaimsPrincipal user, HttpRequest request, CancellationToken ct) =>
        NeedChanges.Run(id, user.Caller(), store, reference,
            (need, authority) => Problems.FirstOf(
                () => ReviseTrainingNeed.Validate(input, need, id, authority, reference),
                () => Versioning.CheckIfMatch(request, need!.Version, required: true)),
            need => [ReviseTrainingNeed.Decide(input, need)], ct);
}
