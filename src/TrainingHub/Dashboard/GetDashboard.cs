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

    [WolverineGet("/dashboard", OperationId = "getDashboard")]
    [AllowAnonymous]
    [Microsoft.AspNetCore.Mvc.ApiExplorerSettings(IgnoreApi = true)]
    public static IResult Get() => TypedResults.Content(Page.Value, "text/html; charset=utf-8");
}
