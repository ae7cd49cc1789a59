namespace TrainingHub.Access;

/// <summary>Country and region came later: events recorded before them carry neither.</summary>
public sealed record OrganisationRegistered(Guid OrganisationId, string Name, string Kind, string? Code,
    string? Country = null, string? Region = null);

/// <summary>Where an organisation acts: a national institution's country, a regional commission's region.</summary>
public sealed record OrganisationLocated(Guid OrganisationId, string? Country, string? Region);

/// <summary>Only the SHA-256 of the key is stored; the key itself is shown once, in the response.</summary>
public sealed record ApiKeyIssued(Guid OrganisationId, Guid KeyId, string Role, string KeyHash, string KeyPrefix);

public sealed record ApiKeyRevoked(Guid OrganisationId, Guid KeyId, string KeyHash);

public sealed record IssuedKey(Guid KeyId, string Role, string KeyHash, string KeyPrefix, bool Revoked);

public sealed record Organisation(Guid Id, string Name, string Kind, string? Code, IReadOnlyList<IssuedKey> Keys)
{
    public int Version { get; init; }
    public string? Country { get; init; }
    public string? Region { get; init; }

    public static Organisation Create(OrganisationRegistered e) =>
        new(e.OrganisationId, e.Name, e.Kind, e.Code, []) { Country = e.Country, Region = e.Region };

    public Organisation Apply(OrganisationLocated e) => this with { Country = e.Country, Region = e.Region };

    public Organisation Apply(ApiKeyIssued e) =>
        this with { Keys = [.. Keys, new IssuedKey(e.KeyId, e.Role, e.KeyHash, e.KeyPrefix, false)] };

    public Organisation Apply(ApiKeyRevoked e) =>
        this with { Keys = Keys.Select(k => k.KeyId == e.KeyId ? k with { Revoked = true } : k).ToArray() };
}
