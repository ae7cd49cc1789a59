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
    public static Task<Organisation?> LoadAsync(Guid id, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<Organisation>(id, ct);

    public static ProblemDetails Validate(Guid id, Guid keyId, [NotBody] Organisation? organisation) =>
        RevokeApiKey.Validate(organisation, id, keyId);

    [WolverineDelete("/api/organisations/{id}/api-keys/{keyId}", OperationId = "revokeApiKey")]
    [Authorize(Policy = Roles.Policies.Admin)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static IResult Delete(Guid id, Guid keyId, [NotBody] Organisation organisation, IDocumentSession session)
    {
        session.Events.Append(id, organisation.Version + 1, RevokeApiKey.Decide(organisation, keyId));
        return TypedResults.NoContent();
    }
}
