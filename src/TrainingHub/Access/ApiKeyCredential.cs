using Marten;
using Marten.Events.Projections;

namespace TrainingHub.Access;

/// <summary>Looked up by the SHA-256 of the presented key on every request, so a revoked key stops at once.</summary>
public sealed class ApiKeyCredential
{
    public string Id { get; set; } = "";
    public Guid OrganisationId { get; set; }
    public Guid KeyId { get; set; }
    public string Role { get; set; } = "";
}

public sealed partial class ApiKeyCredentialProjection : EventProjection
{
    public ApiKeyCredential Create(ApiKeyIssued e) => new()
    {
        Id = e.KeyHash,
        OrganisationId = e.OrganisationId,
        KeyId = e.KeyId,
        Role = e.Role,
    };

    public void Project(ApiKeyRevoked e, IDocumentOperations operations) =>
        operations.Delete<ApiKeyCredential>(e.KeyHash);
}
