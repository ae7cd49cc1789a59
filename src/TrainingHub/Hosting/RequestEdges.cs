using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace TrainingHub.Hosting;

/// <summary>
/// Kestrel answers a request it cannot parse or that exceeds its limits with a bare status before any middleware runs
/// (not customisable). So Kestrel's limits are set above the API's, and the API's own limits are checked first in the
/// pipeline, where the answer is problem+json: a URL over 8 KiB is 414, headers over 32 KiB (or more than 100 of them)
/// are 431, a header that is not valid UTF-8 is 400. Only requests beyond Kestrel's limits (64 KiB request line or
/// headers, 200 headers), and request lines Kestrel cannot parse (a %00 or a raw non-ASCII byte in the path, a
/// malformed method or version), still get Kestrel's empty answer.
/// </summary>
public static class RequestEdges
{
    public const int MaxTargetLength = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    public const int MaxHeaderCount = 100;

    public const int KestrelMaxRequestLine = 64 * 1024;
    public const int KestrelMaxHeaderBytes = 64 * 1024;
    public const int KestrelMaxHeaderCount = 2 * MaxHeaderCount;

    // Invalid bytes become U+FFFD instead of failing the whole request inside Kestrel; the check below rejects them.
    private static readonly Encoding LenientUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static WebApplicationBuilder AddRequestEdges(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestLineSize = KestrelMaxRequestLine;
            kestrel.Limits.MaxRequestHeadersTotalSize = KestrelMaxHeaderBytes;
            kestrel.Limits.MaxRequestHeaderCount = KestrelMaxHeaderCount;
            kestrel.RequestHeaderEncodingSelector = _ => LenientUtf8;
        });
        return builder;
    }

    public static IApplicationBuilder UseRequestEdges(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (Check(http.Request) is { } problem)
        {
            http.Response.StatusCode = problem.Status!.Value;
            await TypedResults.Problem(problem).ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    public static ProblemDetails? Check(HttpRequest request)
    {
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var targetLength = string.IsNullOrEmpty(target)
            ? request.PathBase.Value?.Length + request.Path.Value?.Length + request.QueryString.Value?.Length ?? 0
            : target.Length;
        if (targetLength > MaxTargetLength)
        {
            var problem = Problem(StatusCodes.Status414UriTooLong, "URI too long",
                $"The path and query may be at most {MaxTargetLength} characters; this one has {targetLength}.");
            // Not the default (the whole path): a problem need not echo the oversized part back.
            problem.Instance = request.Path.Value?[..Math.Min(request.Path.Value.Length, 200)];
            return problem;
        }

        long bytes = 0;
        foreach (var (name, values) in request.Headers)
        {
            bytes += name.Length + 4;
            foreach (var value in values) bytes += value?.Length ?? 0;
            if (values.Any(v => v?.Contains('\uFFFD') == true))
                return Problem(StatusCodes.Status400BadRequest, "Invalid header",
                    $"The value of header '{name}' is not valid UTF-8.");
        }
        if (request.Headers.Count > MaxHeaderCount || bytes > MaxHeaderBytes)
            return Problem(StatusCodes.Status431RequestHeaderFieldsTooLarge, "Request header fields too large",
                $"At most {MaxHeaderCount} headers of {MaxHeaderBytes} bytes in all; this request has " +
                $"{request.Headers.Count} of {bytes}.");
        return null;
    }

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };
}
