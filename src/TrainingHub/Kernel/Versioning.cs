using Microsoft.AspNetCore.Mvc;

namespace TrainingHub.Kernel;

/// <summary>ETag = the event stream's version, so If-Match is optimistic concurrency on the stream itself.</summary>
public static class Versioning
{
    public static string ETag(int version) => $"\"{version}\"";

    public static void SetETag(this HttpResponse response, int version) => response.Headers.ETag = ETag(version);

    /// <summary>
    /// 428 when required and missing, or when it is '*' (which names no version, so it cannot guard a change);
    /// 412 when it names another version. Comparison is strong (RFC 9110, 13.1.1): a weak ETag (W/"3") never matches,
    /// since this API never issues one.
    /// </summary>
    public static ProblemDetails CheckIfMatch(HttpRequest request, int currentVersion, bool required)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
            return required
                ? Problems.PreconditionRequired($"Send If-Match with the ETag you read (current: {ETag(currentVersion)}).")
                : Problems.None;

        var candidates = header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (candidates.Contains("*"))
            return Problems.PreconditionRequired(
                $"If-Match: * names no version; send the ETag you read (current: {ETag(currentVersion)}).");
        if (candidates.Contains(ETag(currentVersion))) return Problems.None;
        return Problems.PreconditionFailed(
            $"If-Match {header} does not match the current version {ETag(currentVersion)} (weak ETags never match); " +
            "fetch the resource again.");
    }

    /// <summary>An answer that carries the ETag of the version it shows.</summary>
    public static IResult WithETag(this IResult answer, int version) => new ETagged(answer, version);

    private sealed class ETagged(IResult inner, int version) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.SetETag(version);
            return inner.ExecuteAsync(http);
        }
    }
}
