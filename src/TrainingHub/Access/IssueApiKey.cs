using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Kernel;
using Wolverine.Http;

namespace TrainingHub.Access;

public sealed record IssueApiKey(string? Role)
{
    public static ProblemDetails Validate(IssueApiKey command, Organisation? organisation, Guid organisationId) =>
        organisation is null
            ? Problems.NotFound("Organisation", organisationId)
            : Problems.Invalid(new ValidationErrors().When(command.Role is null || !Roles.All.Contains(command.Role),
                "role", $"Unknown role '{Problems.Echo(command.Role)}'; one of: {string.Join(", ", Roles.All.Order())}."));

    public static ApiKeyIssued Decide(IssueApiKey command, Organisation organisation, Guid keyId, string key) =>
        new(organisation.Id, keyId, command.Role!, ApiKeyAuthentication.Hash(key), key[..8]);
}

/// <summary>The only response that ever contains the key.</summary>
public sealed record IssuedApiKey(Guid Id, string Key, string Role, Guid OrganisationId);

public static class IssueApiKeyEndpoint
{
    public static Task<Organisation?> LoadAsync(Guid id, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<Organisation>(id, ct);

    public static ProblemDetails Validate(Guid id, IssueApiKey command, Organisation? organisation) =>
        IssueApiKey.Validate(command, organisation, id);

    [WolverinePost("/api/organisations/{id}/api-keys", OperationId = "issueApiKey")]
    [Authorize(Policy = Roles.Policies.Admin)]
    public static Created<IssuedApiKey> Post(Guid id, IssueApiKey command, Organisation organisation,
        IDocumentSession session)
    {
        var key = ApiKeyAuthentication.NewKey();
        var issued = IssueApiKey.Decide(command, organisation, Guid.CreateVersion7(), key);
        session.Events.Append(id, organisation.Version + 1, issued);
        return TypedResults.Created($"/api/organisations/{id}/api-keys/{issued.KeyId}",
            new IssuedApiKey(issued.KeyId, key, issued.Role, id));
    }
}
