using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace TrainingHub.Access;

public static class Roles
{
    public const string Admin = "admin";
    public const string Provider = "provider";
    public const string Partner = "partner";
    public const string Analyst = "analyst";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Admin, Provider, Partner, Analyst };

    /// <summary>Policy names; admin passes every policy.</summary>
    public static class Policies
    {
        public const string Admin = "role:admin";
        public const string Provider = "role:provider";
        public const string Partner = "role:partner";
        public const string Analyst = "role:analyst";
    }

    public static void AddPolicies(AuthorizationOptions options)
    {
        options.AddPolicy(Policies.Admin, p => p.RequireRole(Admin));
        options.AddPolicy(Policies.Provider, p => p.RequireRole(Provider, Admin));
        options.AddPolicy(Policies.Partner, p => p.RequireRole(Partner, Admin));
        options.AddPolicy(Policies.Analyst, p => p.RequireRole(Analyst, Admin));
    }
}

/// <summary>Who is calling: the organisation behind the API key and the role the key carries.</summary>
public sealed record Caller(Guid OrganisationId, string Role, Guid KeyId)
{
    /// <summary>The acting organisation recorded for the bootstrap admin key (configuration, not an event).</summary>
    public static readonly Guid AdministrationOrganisationId = Guid.Parse("00000000-0000-4000-8000-00000000ad01");
    public const string AdministrationName = "TrainingHub administration";

    public bool IsAdmin => Role == Roles.Admin;
    public bool IsAnalyst => Role == Roles.Analyst;

    /// <summary>The owner itself, or admin, may change a resource.</summary>
    public bool MayChange(Guid ownerOrganisationId) => IsAdmin || OrganisationId == ownerOrganisationId;

    /// <summary>Owner, analysts and admin may read a resource's audit history.</summary>
    public bool MayAudit(Guid ownerOrganisationId) => IsAdmin || IsAnalyst || OrganisationId == ownerOrganisationId;
}

public static class CallerClaims
{
    public const string KeyId = "th:key-id";

    public static ClaimsPrincipal ToPrincipal(this Caller caller, string scheme) =>
        new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, caller.OrganisationId.ToString()),
            new Claim(ClaimTypes.Role, caller.Role),
            new Claim(KeyId, caller.KeyId.ToString()),
        ], scheme));

    public static Caller Caller(this ClaimsPrincipal user) =>
        new(Guid.Parse(user.Identity?.Name ?? throw new InvalidOperationException("Unauthenticated caller")),
            user.FindFirstValue(ClaimTypes.Role) ?? "",
            Guid.TryParse(user.FindFirstValue(KeyId), out var keyId) ? keyId : Guid.Empty);
}
