using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;
using Wolverine.Marten;

namespace TrainingHub.Needs;

public static class RecordTrainingNeed
{
    /// <summary>The recording organisation is always the caller's, never a value from the body.</summary>
    public static TrainingNeedRecorded Decide(NeedInput input, Guid needId, Guid recordedBy) =>
        new(needId, recordedBy, input.ToDetails());
}

public static class RecordTrainingNeedEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(NeedInput input, ReferenceData reference, IQuerySession session,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var problem = NeedInput.Validate(input, reference);
        if (!problem.IsNone()) return problem;
        var authority = await GetTrainingNeedEndpoints.AuthorityAsync(session, user.Caller(), reference, ct);
        return authority.CheckRecord(input.Country!);
    }

    [WolverinePost("/api/needs", OperationId = "recordTrainingNeed")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<TrainingNeedView>(StatusCodes.Status201Created)]
    public static (IResult, IStartStream) Post(NeedInput input, ClaimsPrincipal user, HttpResponse response)
    {
        var recorded = RecordTrainingNeed.Decide(input, Guid.CreateVersion7(), user.Caller().OrganisationId);
        var start = MartenOps.StartStream<TrainingNeed>(recorded.NeedId, recorded);
        response.SetETag(1);
        return (TypedResults.Created($"/api/needs/{recorded.NeedId}", TrainingNeedViewProjection.From(recorded, DateTimeOffset.UtcNow)),
            start);
    }
}
