using NetEscapades.AspNetCore.SecurityHeaders.Infrastructure;
using TrainingHub.Dashboard;
using TrainingHub.Editions;

namespace TrainingHub.Hosting;

/// <summary>
/// Response headers (NetEscapades.AspNetCore.SecurityHeaders), chosen by path:
/// every response: X-Content-Type-Options nosniff, Referrer-Policy no-referrer, X-Frame-Options DENY and a CSP;
/// /api (but not the reference data): Cache-Control no-store, since enrolments, rosters, exports and feeds carry personal
/// data and a shared or browser cache must not keep them. The dashboard (where a key is pasted) and Swagger UI may not
/// be framed (frame-ancestors 'none'). The open catalogue may be cached and read from any site; an edition's page
/// may apply its own style.
/// </summary>
public static class SecurityHeaders
{
    private const string Api = "api";
    private const string Dashboard = "dashboard";
    private const string Swagger = "swagger";
    private const string Open = "open";
    private const string EditionDocument = "edition-document";

    public static IServiceCollection AddTrainingHubSecurityHeaders(this IServiceCollection services) =>
        services.AddSecurityHeaderPolicies(policies => policies
            // JSON, CSV, problems, health, the OpenAPI document: nothing to run, nothing to embed.
            .SetDefaultPolicy(headers => Common(headers)
                .AddContentSecurityPolicy(csp =>
                {
                    csp.AddDefaultSrc().None();
                    csp.AddFrameAncestors().None();
                }))
            .AddPolicy(Api, headers => Common(headers)
                .AddContentSecurityPolicy(csp =>
                {
                    csp.AddDefaultSrc().None();
                    csp.AddFrameAncestors().None();
                })
                .AddCustomHeader("Cache-Control", "no-store"))
            // The open catalogue and the CASE framework: public data without personal data, for any site to read (CORS,
            // no credentials) and for caches to keep a minute.
            .AddPolicy(Open, headers => Common(headers)
                .AddContentSecurityPolicy(csp =>
                {
                    csp.AddDefaultSrc().None();
                    csp.AddFrameAncestors().None();
                })
                .AddCustomHeader("Cache-Control", "public, max-age=60")
                .AddCustomHeader("Access-Control-Allow-Origin", "*"))
            // An edition's printable page: its one inline style by hash, nothing to run.
            .AddPolicy(EditionDocument, headers => Common(headers)
                .AddContentSecurityPolicy(csp =>
                {
                    csp.AddDefaultSrc().None();
                    csp.AddStyleSrc().WithHash256(EditionPage.StyleHash);
                    csp.AddBaseUri().None();
                    csp.AddFormAction().None();
                    csp.AddFrameAncestors().None();
                })
                .AddCustomHeader("Cache-Control", "no-store"))
            // The page's own inline script by hash and the map libraries it loads from this origin; inline styles (a
            // <style> block and style attributes that size the coverage bars) are allowed, since CSS cannot run code;
            // it fetches only this origin's API.
            .AddPolicy(Dashboard, headers => Common(headers)
                .AddContentSecurityPolicy(csp =>
                {
                    csp.AddDefaultSrc().None();
                    csp.AddScriptSrc().Self().WithHash256(GetDashboardEndpoint.ScriptHash);
                    csp.AddStyleSrc().UnsafeInline();
                    csp.AddConnectSrc().Self();
                    csp.AddImgSrc().Self();
                    csp.AddBaseUri().None();
                    csp.AddFormAction().None();
                    csp.AddFrameAncestors().None();
                }))
            // Swagger UI's scripts are files of this origin (no inline script); its bundle sets inline styles and draws
            // its icons as data: images (both checked in Chromium by tests/browser).
            .AddPolicy(Swagger, headers => Common(headers)
                .AddContentSecurityPolicy(csp =>
                {
                    csp.AddDefaultSrc().Self();
                    csp.AddScriptSrc().Self();
                    csp.AddStyleSrc().Self().UnsafeInline();
                    csp.AddImgSrc().Self().Data();
                    csp.AddConnectSrc().Self();
                    csp.AddObjectSrc().None();
                    csp.AddBaseUri().Self();
                    csp.AddFormAction().Self();
                    csp.AddFrameAncestors().None();
                }))
            .SetPolicySelector(context => context.ConfiguredPolicies.TryGetValue(PolicyFor(context.HttpContext.Request.Path),
                out var policy) ? policy : context.DefaultPolicy));

    private static string PolicyFor(PathString path) =>
        path.StartsWithSegments("/dashboard") ? Dashboard
        : path.StartsWithSegments("/swagger") ? Swagger
        : path.StartsWithSegments("/api/reference") ? ""
        : path.StartsWithSegments("/api/public") || path.StartsWithSegments("/ims/case") ? Open
        : path.StartsWithSegments("/api/editions") && path.Value!.EndsWith("/document", StringComparison.Ordinal) ? EditionDocument
        : path.StartsWithSegments("/api") ? Api
        : "";

    private static HeaderPolicyCollection Common(HeaderPolicyCollection headers) => headers
        .AddContentTypeOptionsNoSniff()
        .AddReferrerPolicyNoReferrer()
        .AddFrameOptionsDeny();
}
