namespace TrainingHub.Reviews;

/// <summary>How far a programme meets a review criterion, and why.</summary>
public sealed record CriterionScore(string Criterion, int Score, string Rationale);

/// <summary>The scale of every criterion.</summary>
public static class ReviewScore
{
    public const int NotMet = 0;
    public const int PartlyMet = 1;
    public const int LargelyMet = 2;
    public const int FullyMet = 3;

    /// <summary>Not met or only partly met: what the reviews report counts as unmet.</summary>
    public static bool IsUnmet(int score) => score <= PartlyMet;
}

/// <summary>
/// An analyst judged a programme's design against every review criterion and recommended whether to support it.
/// <paramref name="ReviewerName"/> is the reviewing organisation's name as it was, so a later rename changes no review.
/// Criteria are in vocabulary order.
/// </summary>
public sealed record ProgrammeReviewed(
    Guid ReviewId,
    Guid ProgrammeId,
    Guid ReviewerId,
    string ReviewerName,
    IReadOnlyList<CriterionScore> Criteria,
    string Recommendation,
    IReadOnlyList<string> Improvements,
    string? Summary,
    DateTimeOffset ReviewedAt);

/// <summary>A review, fixed once recorded: a newer review of the programme supersedes it, nothing changes it.</summary>
public sealed record ProgrammeReview(Guid Id, Guid ProgrammeId, string Recommendation, DateTimeOffset ReviewedAt)
{
    public static ProgrammeReview Create(ProgrammeReviewed e) => new(e.ReviewId, e.ProgrammeId, e.Recommendation, e.ReviewedAt);
}
