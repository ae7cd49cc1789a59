namespace TrainingHub.Kernel;

/// <summary>Where the public catalogue's absolute links point: the configured base, else the request's own address.</summary>
public static class PublicAddress
{
    public static string Base(HttpRequest request, TrainingHubOptions options) =>
        options.PublicBaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}".TrimEnd('/');
}
