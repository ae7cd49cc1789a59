using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace TrainingHub.Dashboard;

/// <summary>
/// The analysts' page. It holds no data itself: the browser calls the report endpoints with the key the analyst
/// pastes, so the page can be served without a key.
/// </summary>
public static class GetDashboardEndpoint
{
    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(GetDashboardEndpoint).Assembly.GetManifestResourceStream("TrainingHub.Dashboard.dashboard.html")!;
        return new StreamReader(stream).ReadToEnd();
    });

    /// <summary>
    /// The SHA-256 of the page's one inline script, for its Content-Security-Policy: the browser runs that script and
    /// nothing else (no other inline script, no script from elsewhere), without 'unsafe-inline'.
    /// </summary>
    public static string ScriptHash => Hash.Value;

    private static readonly Lazy<string> Hash = new(() =>
    {
        var page = Page.Value;
        var start = page.IndexOf("<script>", StringComparison.Ordinal) + "<script>".Length;
        var end = page.IndexOf("</script>", start, StringComparison.Ordinal);
        return Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(page[start..end])));
    });

    [WolverineGet("/dashboard", OperationId = "getDashboard")]
    [AllowAnonymous]
    [Microsoft.AspNetCore.Mvc.ApiExplorerSettings(IgnoreApi = true)]
    public static IResult Get() => TypedResults.Content(Page.Value, "text/html; charset=utf-8");
}
