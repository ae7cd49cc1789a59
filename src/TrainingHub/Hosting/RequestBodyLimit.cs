using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace TrainingHub.Hosting;

/// <summary>
/// Bounds every request body before anything reads it: <see cref="JsonBytes"/> unless the endpoint declares its own
/// limit with <c>[RequestSizeLimit]</c> (the CSV import). The largest valid JSON body (a programme naming every
/// country and language, with a 4,000-character summary) is well under 64 KiB, so JSON bodies are held to 256 KiB
/// instead of Kestrel's 30 MB: what a rejected body can cost is bounded by this limit, not by what the client sends.
/// A declared Content-Length over the limit is answered 413 without reading; a body without one (chunked) is cut off
/// with 413 as soon as it passes the limit.
/// </summary>
public static class RequestBodyLimit
{
    public const long JsonBytes = 256 * 1024;

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.ContentLength == 0)
        {
            await next(context);
            return;
        }
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? JsonBytes;
        if (request.ContentLength > limit)
        {
            await TooLarge(context, limit);
            return;
        }

        var bounded = new BoundedReadStream(request.Body, limit);
        request.Body = bounded;
        await next(context);
        // A JSON reader that swallowed the exception (Wolverine answers 400 to any failed read) left a bodiless
        // answer; say what really happened.
        if (bounded.Exceeded && !context.Response.HasStarted)
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
    });

    public static ProblemDetails Problem(long limit) => new()
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Title = "Request body too large",
        Detail = $"This endpoint takes a body of at most {limit:N0} bytes.",
    };

    private static async Task TooLarge(HttpContext context, long limit)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = Problem(limit) });
    }

    /// <summary>Throws 413 (as <see cref="BadHttpRequestException"/>) once more than the limit has been read.</summary>
    private sealed class BoundedReadStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public bool Exceeded { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        private int Count(int read)
        {
            _read += read;
            if (_read <= limit) return read;
            Exceeded = true;
            throw new BadHttpRequestException(Problem(limit).Detail!, StatusCodes.Status413PayloadTooLarge);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
