using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace TrainingHub.Kernel;

/// <summary>
/// Every failure leaves as RFC 9457 problem+json. Status codes: 400 malformed request, 401/403 access,
/// 404 unknown resource, 409 state conflict, 412/428 concurrency, 422 rule violations and unknown codes.
/// </summary>
public static class Problems
{
    public static readonly ProblemDetails None = WolverineContinue.NoProblems;

    /// <summary>
    /// The most problems one answer lists (field errors, import problems); the rest are only counted, so a hostile
    /// body cannot make the answer, or the memory behind it, grow with its size.
    /// </summary>
    public const int MaxListed = 100;

    /// <summary>The most characters of a caller's value echoed back in a problem.</summary>
    public const int MaxEcho = 64;

    /// <summary>A caller's value as a problem may quote it: cut to <see cref="MaxEcho"/> characters.</summary>
    public static string Echo(string? value) =>
        value is null ? "" : value.Length <= MaxEcho ? value : string.Concat(value.AsSpan(0, MaxEcho), "…");

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
    /// <summary>Field-level rule violations (422) with errors keyed by JSON path; beyond the first
    /// <see cref="MaxListed"/>, <c>errorsOmitted</c> counts the problems left out.</summary>
    public static ProblemDetails Invalid(ValidationErrors errors)
    {
        if (errors.IsEmpty) return None;
        var problem = new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The request breaks one or more rules",
            Detail = errors.Summary(),
        };
        if (errors.Omitted > 0) problem.Extensions["errorsOmitted"] = errors.Omitted;
        return problem;
    }

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

/// <summary>
/// Collects field errors; keys are the JSON paths of the offending values. Keeps the first
/// <see cref="Problems.MaxListed"/> problems and counts the rest; keys and messages are cut to a bounded length, so
/// no answer grows with the size of the input that broke the rules.
/// </summary>
public sealed class ValidationErrors
{
    private const int MaxField = 200;
    private const int MaxMessage = 1000;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private int _listed;

    public bool IsEmpty => Count == 0;

    /// <summary>Every problem added, listed or not.</summary>
    public int Count { get; private set; }

    /// <summary>Problems counted but not listed.</summary>
    public int Omitted => Count - _listed;

    public ValidationErrors Add(string field, string message)
    {
        Count++;
        if (_listed == Problems.MaxListed) return this;
        _listed++;
        field = Cut(field, MaxField);
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(Cut(message, MaxMessage));
        return this;
    }

    public ValidationErrors When(bool broken, string field, string message) => broken ? Add(field, message) : this;

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public string Summary()
    {
        var listed = string.Join(" ", _errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
        return Omitted == 0 ? listed : $"{listed} ... and {Omitted} more problem(s) not listed (the first {Problems.MaxListed} are).";
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}
