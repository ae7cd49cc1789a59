namespace TrainingHub.Kernel;

/// <summary>
/// Bounds for query values that parse but make no sense, so they answer 422 instead of overflowing date arithmetic
/// (a report's default window is asOf minus three years to plus one) or an offset computation (page × pageSize).
/// Training data lies well inside 1900-2200.
/// </summary>
public static class QueryBounds
{
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);
    public static readonly DateOnly LatestDate = new(2200, 1, 1);
    public static readonly DateTimeOffset EarliestInstant = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset LatestInstant = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const string Range = "Between 1900-01-01 and 2200-01-01.";

    public static ValidationErrors CheckDate(this ValidationErrors errors, string field, DateOnly? date) =>
        errors.When(date is { } d && (d < EarliestDate || d > LatestDate), field, Range);

    public static ValidationErrors CheckInstant(this ValidationErrors errors, string field, DateTimeOffset? instant) =>
        errors.When(instant is { } i && (i < EarliestInstant || i > LatestInstant), field, Range);

    /// <summary>A ratio between 0 and 1; NaN and the infinities are outside every range.</summary>
    public static ValidationErrors CheckFraction(this ValidationErrors errors, string field, double? value) =>
        errors.When(value is { } v && !(v >= 0 && v <= 1), field, "A number between 0 and 1.");
}
