using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Kernel;

namespace TrainingHub.UnitTests;

public static class ProblemAssertions
{
    public static void ShouldBeNone(this ProblemDetails problem) =>
        Assert.True(problem.IsNone(), $"Expected no problem but got {problem.Status}: {problem.Title} {problem.Detail}");

    public static void ShouldHaveStatus(this ProblemDetails problem, int status) =>
        Assert.True(problem.Status == status, $"Expected {status} but got {problem.Status}: {problem.Title} {problem.Detail}");

    /// <summary>A 422 whose field errors include <paramref name="field"/>.</summary>
    public static void ShouldRejectField(this ProblemDetails problem, string field)
    {
        problem.ShouldHaveStatus(StatusCodes.Status422UnprocessableEntity);
        var validation = Assert.IsType<HttpValidationProblemDetails>(problem);
        Assert.True(validation.Errors.ContainsKey(field),
            $"Expected an error on '{field}' but got: {string.Join(", ", validation.Errors.Keys)}");
    }
}
