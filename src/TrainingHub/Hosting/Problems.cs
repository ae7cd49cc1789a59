using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace TrainingHub.Hosting;

/// <summary>
/// Every failure leaves as RFC 9457 problem+json. Status codes: 400 malformed request, 401/403 access,
/// 404 unknown resource, 409 state conflict, 412/428 concurrency, 422 rule violations and unknown codes.
/// </summary>
public static class Problems
{
    public static readonly ProblemDetails None = WolverineContinue.NoProblems;

    public static ProblemDetails NotFound(string what, object id) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = $"{what} not found",
        Detail = $"No {what.ToLowerInvariant()} with id '{id}' is visible to you.",
    };

    public static ProblemDetails Forbidden(string detail) => new()
    {
        Status = StatusCodes.Status403Forbidden,
        Title = "Forbidden",
        Detail = detail,
    };

    public static ProblemDetails Conflict(string title, string detail) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = title,
        Detail = detail,
    };

    public static ProblemDetails PreconditionRequired(string detail) => new()
    {
        Status = StatusCodes.Status428PreconditionRequired,
        Title = "If-Match header required",
        Detail = detail,
    };

    public static ProblemDetails PreconditionFailed(string detail) => new()
    {
        Status = StatusCodes.Status412PreconditionFailed,
        Title = "Stale version",
        Detail = detail,
    };

    public static ProblemDetails BadRequest(string title, string detail) => new()
    {
        Status = StatusCodes.Status400BadRequest,
        Title = title,
        Detail = detail,
    };

    /// <summary>Field-level rule violations (422) with errors keyed by JSON path.</summary>
    public static ProblemDetails Invalid(ValidationErrors errors) =>
        errors.IsEmpty ? None : new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The request breaks one or more rules",
            Detail = errors.Summary(),
        };

    /// <summary>Runs first-failing-wins: the first non-empty problem is returned.</summary>
    public static ProblemDetails FirstOf(params Func<ProblemDetails>[] checks)
    {
        foreach (var check in checks)
        {
            var problem = check();
            if (!ReferenceEquals(problem, None) && problem.Status is not null) return problem;
        }
        return None;
    }

    public static bool IsNone(this ProblemDetails problem) => ReferenceEquals(problem, None) || problem.Status is null;

    public static void Enrich(ProblemDetailsContext context)
    {
        context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
        context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
    }
}

/// <summary>Collects field errors; keys are the JSON paths of the offending values.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public ValidationErrors When(bool broken, string field, string message) => broken ? Add(field, message) : this;

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public string Summary() => string.Join(" ", _errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
}
