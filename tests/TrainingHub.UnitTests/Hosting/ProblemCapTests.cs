using Microsoft.AspNetCore.Http;
using TrainingHub.Kernel;

namespace TrainingHub.UnitTests.Hosting;

public class ProblemCapTests
{
    [Fact]
    public void Validation_errors_list_the_first_hundred_and_count_the_rest()
    {
        var errors = new ValidationErrors();
        for (var i = 0; i < 1_000; i++) errors.Add($"countries[{i}]", "Unknown code.");

        var problem = (HttpValidationProblemDetails)Problems.Invalid(errors);

        Assert.Equal(1_000, errors.Count);
        Assert.Equal(Problems.MaxListed, problem.Errors.Sum(e => e.Value.Length));
        Assert.Equal(900, problem.Extensions["errorsOmitted"]);
        Assert.Contains("900 more", problem.Detail);
        Assert.DoesNotContain("countries[100]", problem.Detail);
    }

    [Fact]
    public void A_hundred_errors_omit_nothing()
    {
        var errors = new ValidationErrors();
        for (var i = 0; i < Problems.MaxListed; i++) errors.Add("title", $"Problem {i}.");

        var problem = (HttpValidationProblemDetails)Problems.Invalid(errors);

        Assert.Equal(Problems.MaxListed, problem.Errors["title"].Length);
        Assert.False(problem.Extensions.ContainsKey("errorsOmitted"));
    }

    [Fact]
    public void Long_fields_and_messages_are_cut()
    {
        var errors = new ValidationErrors().Add(new string('f', 100_000), new string('m', 100_000));

        var problem = (HttpValidationProblemDetails)Problems.Invalid(errors);

        var (field, messages) = problem.Errors.Single();
        Assert.True(field.Length <= 201, $"field of {field.Length} characters");
        Assert.True(messages.Single().Length <= 1001, $"message of {messages.Single().Length} characters");
    }

    [Fact]
    public void A_problem_list_keeps_the_first_hundred_and_counts_all()
    {
        var problems = new ProblemList<int>();
        for (var i = 0; i < 250; i++) problems.Add(i);

        Assert.Equal(250, problems.Total);
        Assert.Equal(Enumerable.Range(0, Problems.MaxListed), problems.Listed);
        Assert.Equal(150, problems.Omitted);
    }

    [Fact]
    public void Echo_cuts_a_value_to_its_first_characters() =>
        Assert.Equal(new string('x', Problems.MaxEcho) + "…", Problems.Echo(new string('x', 10_000)));
}
