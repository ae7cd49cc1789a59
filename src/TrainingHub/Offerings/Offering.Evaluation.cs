namespace TrainingHub.Offerings;

/// <summary>A trainee's reaction at the end of an offering, through the partner that enrolled them (scores 1-5). No
/// free text: the answers hold nothing personal, so erasing the person leaves them counted.</summary>
public sealed record ReactionRecorded(Guid OfferingId, Guid EnrolmentId, Guid PartnerId, int Satisfaction, int Relevance,
    bool WouldRecommend);

/// <summary>A completed trainee's answer to the follow-up survey, months after the training: applied at work, which
/// standards were used, whether the office's practice changed.</summary>
public sealed record FollowUpRecorded(Guid OfferingId, Guid EnrolmentId, Guid PartnerId, bool AppliedAtWork,
    IReadOnlyList<string> StandardsUsed, bool PracticeChanged);

/// <summary>Anonymous totals of the reaction survey, as a provider tallied them (mean scores 1-5).</summary>
public sealed record ReactionSummary(int Responses, decimal MeanSatisfaction, decimal? MeanRelevance, int WouldRecommend);

/// <summary>Anonymous totals of the follow-up survey, with how many answers named each standard.</summary>
public sealed record FollowUpSummary(int Responses, int AppliedAtWork, int PracticeChanged,
    IReadOnlyDictionary<string, int> StandardsUsed);

/// <summary>A provider's anonymous evaluation totals for an offering (run outside TrainingHub, or surveyed on paper);
/// the latest replaces earlier ones, as for reported participation.</summary>
public sealed record EvaluationSummaryReported(Guid OfferingId, ReactionSummary? Reaction, FollowUpSummary? FollowUp);

public sealed partial record Offering
{
    /// <summary>The latest evaluation summary, so an identical re-send records nothing.</summary>
    public EvaluationSummaryReported? EvaluationSummary { get; init; }

    public Offering Apply(EvaluationSummaryReported e) => this with { EvaluationSummary = e };

    // Answers move no seat; applied so the snapshot's version keeps up with the stream.
    public Offering Apply(ReactionRecorded _) => this;

    public Offering Apply(FollowUpRecorded _) => this;
}
