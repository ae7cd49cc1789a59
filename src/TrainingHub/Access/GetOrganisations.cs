using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Wolverine.Http;

namespace TrainingHub.Access;

public sealed record ApiKeySummary(Guid Id, string Role, string Prefix, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt);

public sealed class OrganisationView
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? Code { get; set; }
    public string? Country { get; set; }
    public string? Region { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    public List<ApiKeySummary> ApiKeys { get; set; } = [];
}

public sealed partial class OrganisationViewProjection : SingleStreamProjection<OrganisationView, Guid>
{
    public OrganisationView Create(IEvent<OrganisationRegistered> e) => new()
    {
        Id = e.Data.OrganisationId,
        Name = e.Data.Name,
        Kind = e.Data.Kind,
        Code = e.Data.Code,
        Country = e.Data.Country,
        Region = e.Data.Region,
        RegisteredAt = e.Timestamp,
    };

    public void Apply(OrganisationLocated e, OrganisationView view) =>
        (view.Country, view.Region) = (e.Country, e.Region);

    public void Apply(IEvent<ApiKeyIssued> e, OrganisationView view) =>
        view.ApiKeys.Add(new ApiKeySummary(e.Data.KeyId, e.Data.Role, e.Data.KeyPrefix, e.Timestamp, null));

    public void Apply(IEvent<ApiKeyRevoked> e, OrganisationView view)
    {
        var index = view.ApiKeys.FindIndex(k => k.Id == e.Data.KeyId);
        if (index >= 0) view.ApiKeys[index] = view.ApiKeys[index] with { RevokedAt = e.Timestamp };
    }
}

/// <summary>The directory of organisations; key metadata (never the keys) is shown to admin only.</summary>
public sealed record OrganisationListItem(Guid Id, string Name, string Kind, string? Code, string? Country,
    string? Region, DateTimeOffset RegisteredAt, IReadOnlyList<ApiKeySummary>? ApiKeys);

public static class GetOrganisationsEndpoint
{
    [WolverineGet("/api/organisations", OperationId = "listOrganisations")]
    public static async Task<IReadOnlyList<OrganisationListItem>> Get(IQuerySession session, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var isAdmin = user.Caller().IsAdmin;
        var organisations = await session.Query<OrganisationView>().OrderBy(o => o.Name).ThenBy(o => o.Id)
            .ToListAsync(ct);
        return organisations.Select(o => o.ToListItem(isAdmin)).ToArray();
    }

    public static OrganisationListItem ToListItem(this OrganisationView o, bool withKeys) =>
        new(o.Id, o.Name, o.Kind, o.Code, o.Country, o.Region, o.RegisteredAt, withKeys ? o.ApiKeys : null);
}
