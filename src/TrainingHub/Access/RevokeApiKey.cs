using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Kernel;
using Wolverine.Http;

namespace TrainingHub.Access;

public static class RevokeApiKey
{
    public static ProblemDetails Validate(Organisation? organisation, Guid organisationId, Guid keyId)
    {
        if (organisation is null) return Problems.NotFound("Organisation", organisationId);
        var key = organisation.Keys.FirstOrDefault(k => k.KeyId == keyId);
        if (key is null) return Problems.NotFound("API key", keyId);
        return key.Revoked
            ? Problems.Conflict("API key already revoked", $"API key {keyId} was revoked before.")
            : Problems.None;
    }

    public static ApiKeyRevoked Decide(Organisation organisation, Guid keyId) =>
        new(organisation.Id, keyId, organisation.Keys.Single(k => k.KeyId == keyId).KeyHash);
}

public static class RevokeApiKeyEndpoint
{
    [WolverineDelete("/api/organisations/{id}/api-keys/{keyId}", OperationId = "revokeApiKey")]
    [Authorize(Policy = Roles.Policies.Admin)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> Delete(Guid id, Guid keyId, IDocumentStore store, ClaimsPrincipal user, CancellationToken ct) =>
        CommandWrite.Run(store, user.Caller().OrganisationId,
            (session, token) => session.LoadAsync<Organisation>(id, token),
            organisation => Verdict.Unless(RevokeApiKey.Validate(organisation, id, keyId), () => Verdict.Record(
                [StreamEvents.AppendAt(id, organisation!.Version, [RevokeApiKey.Decide(organisation, keyId)])],
                (_, _) => Task.FromResult<IResult>(TypedResults.NoContent()))),
            ct);
}
