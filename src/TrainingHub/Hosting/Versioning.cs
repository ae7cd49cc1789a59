using Microsoft.AspNetCore.Mvc;

namespace TrainingHub.Hosting;

/// <summary>ETag = the event stream's version, so If-Match is optimistic concurrency on the stream itself.</summary>
public static class Versioning
{
    public static string ETag(int version) => $"\"{version}\"";

    public static void SetETag(this HttpResponse response, int version) => response.Headers.ETag = ETag(version);

    /// <summary>428 when required and missing, 412 when it names another version; '*' matches any.</summary>
    public static ProblemDetails CheckIfMatch(HttpRequest request, int currentVersion, bool required)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
            return required
                ? Problems.PreconditionRequired($"Send If-Match with the ETag you read (current: {ETag(currentVersion)}).")
                : Problems.None;

        foreach (var candidate in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate == "*") return Problems.None;
            var value = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
            if (int.TryParse(value.Trim('"'), out var version) && version == currentVersion) return Problems.None;
        }
        return Problems.PreconditionFailed(
            $"If-Match {header} does not match the current version {ETag(currentVersion)}; fetch the resource again.");
    }
}
