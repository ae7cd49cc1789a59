using System.Net.Sockets;
using System.Text.Json;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using TrainingHub.Kernel;
using TrainingHub.Reports;

namespace TrainingHub.Hosting;

/// <summary>
/// Turns the exceptions that bad input or a race can cause into problem+json; anything else stays a 500 (a bug).
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = Classify(exception, http);
        if (problem is null) return false;

        logger.LogInformation("Request {Path} answered {Status}: {Reason}", http.Request.Path, problem.Status,
            exception.GetType().Name);
        http.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            // Facts behind a caller's position catch up within a second or so; a database comes back more slowly.
            http.Response.Headers.RetryAfter = exception is FactsBehindException ? "1" : "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails? Classify(Exception exception, HttpContext http) => exception switch
    {
        JasperFx.ConcurrencyException or ConcurrentUpdateException when http.Request.Headers.IfMatch.Count > 0 =>
            Problems.PreconditionFailed("The resource changed after the version you sent in If-Match; fetch it again."),
        JasperFx.ConcurrencyException or ConcurrentUpdateException =>
            Problems.Conflict("Concurrent change", "Another request changed this resource at the same moment; retry."),
        ExistingStreamIdCollisionException =>
            Problems.Conflict("Already exists", "A resource with the same identity already exists."),
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } =>
            Problems.Conflict("Already exists", "A resource with the same unique value already exists."),
        // Class 22 (data exception): a value the database cannot take, such as U+0000 in a query string.
        PostgresException { SqlState: var state } when state.StartsWith("22", StringComparison.Ordinal) =>
            Problems.BadRequest("Invalid value", "A value in the request cannot be stored or searched (e.g. a NUL character)."),
        BadHttpRequestException bad => new ProblemDetails
        {
            Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message,
        },
        JsonException json => Problems.BadRequest("Invalid JSON format", json.Message),
        FactsBehindException behind => FactsBehind(behind),
        _ when IsDatabaseUnavailable(exception) => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Database unavailable",
            Detail = "The database cannot be reached right now; nothing was changed. Retry shortly.",
        },
        _ when exception.InnerException is not null => Classify(exception.InnerException, http),
        _ => null,
    };

    private static ProblemDetails FactsBehind(FactsBehindException behind)
    {
        var problem = behind.NeverIssued
            ? Problems.Invalid(new ValidationErrors().Add("minPosition",
                $"No event has position {behind.Wanted} yet; use the Event-Position header of a write."))
            : new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Reports not caught up",
                Detail = $"The report facts include events up to position {behind.Freshness.Position}, not yet "
                         + $"{behind.Wanted}; waited {ReportFacts.MaxWait.TotalSeconds:0} s. Retry shortly.",
            };
        problem.Extensions["position"] = behind.Freshness.Position;
        return problem;
    }

    private static bool IsDatabaseUnavailable(Exception exception) =>
        exception is NpgsqlException { IsTransient: true } or SocketException or TimeoutException
        || exception is PostgresException { SqlState: "57P01" or "57P02" or "57P03" };
}
