namespace TrainingHub.Access;

public sealed record OrganisationRegistered(Guid OrganisationId, string Name, string Kind, string? Code);

/// <summary>Only the SHA-256 of the key is stored; the key itself is shown once, in the response.</summary>
public sealed record ApiKeyIssued(Guid OrganisationId, Guid KeyId, string Role, string KeyHash, string KeyPrefix);

public sealed record ApiKeyRevoked(Guid OrganisationId, Guid KeyId, string KeyHash);

public sealed record IssuedKey(Guid KeyId, string Role, string KeyHash, string KeyPrefix, bool Revoked);

public sealed record Organisation(Guid Id, string Name, string Kind, string? Code, IReadOnlyList<IssuedKey> Keys)
{
    public int Version { get; init; }

    public static Organisation Create(OrganisationRegistered e) => new(e.OrganisationId, e.Name, e.Kind, e.Code, []);

    public Organisation Apply(ApiKeyIssued e) =>
        this with { Keys = [.. Keys, new IssuedKey(e.KeyId, e.Role, e.KeyHash, e.KeyPrefix, false)] };

    public Organisation Apply(ApiKeyRevoked e) =>
        this with { Keys = Keys.Select(k => k.KeyId == e.KeyId ? k with { Revoked = true } : k).ToArray() };
}
