using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using TrainingHub.Kernel;

namespace TrainingHub.Access;

public static class ApiKeyAuthentication
{
    public const string Scheme = "ApiKey";
    public const string Header = "X-Api-Key";

    /// <summary>Longer keys are malformed (issued keys have 46 characters).</summary>
    public const int MaxLength = 200;

    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>256 random bits, URL-safe, with a recognisable prefix so leaked keys are easy to scan for.</summary>
    public static string NewKey() => "th_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDocumentStore store,
    TrainingHubOptions settings,
    ProvenApiKeys proven,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private readonly byte[]? _adminKeyHash = string.IsNullOrEmpty(settings.AdminApiKey)
        ? null
        : SHA256.HashData(Encoding.UTF8.GetBytes(settings.AdminApiKey));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeyAuthentication.Header, out var values)) return AuthenticateResult.NoResult();
        var key = values.ToString();
        if (key.Length is 0 or > ApiKeyAuthentication.MaxLength) return AuthenticateResult.Fail("Malformed API key.");

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        var hex = Convert.ToHexStringLower(hash);
        if (_adminKeyHash is not null && CryptographicOperations.FixedTimeEquals(hash, _adminKeyHash))
            return Success(hex, new Caller(Caller.AdministrationOrganisationId, Roles.Admin, Guid.Empty));

        await using var session = store.QuerySession();
        var credential = await session.LoadAsync<ApiKeyCredential>(hex, Context.RequestAborted);
        if (credential is null)
        {
            // A revoked key's next requests are charged to the client address again (see ProvenApiKeys).
            proven.Forget(hex);
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }
        return Success(hex, new Caller(credential.OrganisationId, credential.Role, credential.KeyId));
    }

    private AuthenticateResult Success(string hash, Caller caller)
    {
        proven.Remember(hash);
        return Success(caller);
    }

    private AuthenticateResult Success(Caller caller) =>
        AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(Scheme.Name), Scheme.Name));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status401Unauthorized, "Authentication required",
            $"Send a valid, unrevoked API key in the {ApiKeyAuthentication.Header} header.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status403Forbidden, "Forbidden",
            "Your API key's role does not allow this operation.");

    private async Task WriteProblem(int status, string title, string detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
            Response.Headers.WWWAuthenticate = $"{ApiKeyAuthentication.Scheme} header=\"{ApiKeyAuthentication.Header}\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
