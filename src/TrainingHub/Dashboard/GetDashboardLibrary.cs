using Microsoft.AspNetCore.Authorization;
using TrainingHub.Kernel;
using Wolverine.Http;

namespace TrainingHub.Dashboard;

/// <summary>
/// The map's libraries and data (d3-geo, topojson-client, the world-atlas outlines, ISO 3166 numeric codes), installed
/// from npm at build time and embedded: the page loads them from this origin, as its Content-Security-Policy wants.
/// </summary>
public static class GetDashboardLibraryEndpoint
{
    private static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["d3-array.min.js"] = "text/javascript; charset=utf-8",
        ["d3-geo.min.js"] = "text/javascript; charset=utf-8",
        ["topojson-client.min.js"] = "text/javascript; charset=utf-8",
        ["countries-110m.json"] = "application/json",
        ["iso-codes.json"] = "application/json",
    };

    [WolverineGet("/dashboard/lib/{name}", OperationId = "getDashboardLibrary")]
    [AllowAnonymous]
    [Microsoft.AspNetCore.Mvc.ApiExplorerSettings(IgnoreApi = true)]
    public static IResult Get(string name)
    {
        if (!ContentTypes.TryGetValue(name, out var contentType)
            || typeof(GetDashboardLibraryEndpoint).Assembly.GetManifestResourceStream($"TrainingHub.Dashboard.lib.{name}") is not { } stream)
            return TypedResults.Problem(Problems.NotFound("Dashboard library", name));
        return TypedResults.Stream(stream, contentType);
    }
}
