using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Catalogue;

public sealed record ReactionSummaryInput(int? Responses, decimal? MeanSatisfaction, decimal? MeanRelevance, int? WouldRecommend);

public sealed record FollowUpSummaryInput(int? Responses, int? AppliedAtWork, int? PracticeChanged,
    [property: MaxItems(Vocabulary.Standards)] Dictionary<string, int>? StandardsUsed);

/// <summary>
/// A provider's anonymous evaluation totals for one of its offerings: the reaction survey (responses, mean satisfaction
/// and relevance from 1 to 5, how many would recommend it) and/or the follow-up survey (responses, how many applied the
/// training at work or changed their office's practice, how many named each standard). The latest replaces earlier ones.
/// </summary>
public sealed record ReportEvaluationSummary(ReactionSummaryInput? Reaction, FollowUpSummaryInput? FollowUp)
{
    public const int MaxResponses = 1_000_000;

    public static ProblemDetails Validate(ReportEvaluationSummary command, Offering? offering, Guid offeringId, Caller caller,
        ReferenceData reference) =>
        Problems.FirstOf(
            () => CatalogueRules.Owned(offering, offeringId, caller),
            () => Problems.Invalid(Check(command, reference)));

    private static ValidationErrors Check(ReportEvaluationSummary command, ReferenceData reference)
    {
        var errors = new ValidationErrors()
            .When(command.Reaction is null && command.FollowUp is null, "reaction", "Give the reaction survey's totals, the follow-up's, or both.");
        if (command.Reaction is { } reaction)
            errors.When(reaction.Responses is null or < 1 or > MaxResponses, "reaction.responses", $"Required, 1 to {MaxResponses:N0}.")
                .When(reaction.MeanSatisfaction is null or < 1 or > 5, "reaction.meanSatisfaction", "Required, 1 to 5.")
                .When(reaction.MeanRelevance is < 1 or > 5, "reaction.meanRelevance", "1 to 5.")
                .When(reaction.WouldRecommend is < 0 || reaction.WouldRecommend > reaction.Responses, "reaction.wouldRecommend",
                    "Between 0 and responses.");
        if (command.FollowUp is { } followUp)
        {
            errors.When(followUp.Responses is null or < 1 or > MaxResponses, "followUp.responses", $"Required, 1 to {MaxResponses:N0}.")
                .When(followUp.AppliedAtWork is null or < 0 || followUp.AppliedAtWork > followUp.Responses, "followUp.appliedAtWork",
                    "Required, between 0 and responses.")
                .When(followUp.PracticeChanged is null or < 0 || followUp.PracticeChanged > followUp.Responses,
                    "followUp.practiceChanged", "Required, between 0 and responses.");
            foreach (var (standard, count) in followUp.StandardsUsed ?? [])
            {
                errors.UnknownCode($"followUp.standardsUsed.{standard}", standard, reference.StandardCodes);
                errors.When(count < 1 || count > followUp.Responses, $"followUp.standardsUsed.{standard}",
                    "Answers naming the standard: 1 to responses.");
            }
        }
        return errors;
    }

    public static IReadOnlyList<object> Decide(ReportEvaluationSummary command, Offering offering)
    {
        var summary = new EvaluationSummaryReported(offering.Id,
            command.Reaction is { } r
                ? new ReactionSummary(r.Responses!.Value, r.MeanSatisfaction!.Value, r.MeanRelevance, r.WouldRecommend ?? 0)
                : null,
            command.FollowUp is { } f
                ? new FollowUpSummary(f.Responses!.Value, f.AppliedAtWork!.Value, f.PracticeChanged!.Value,
                    new SortedDictionary<string, int>(f.StandardsUsed ?? [], StringComparer.Ordinal))
                : null);
        // Records compare dictionaries by reference: compare the content to record nothing for a re-send.
        return System.Text.Json.JsonSerializer.Serialize(summary) == System.Text.Json.JsonSerializer.Serialize(offering.EvaluationSummary)
            ? []
            : [summary];
    }
}

public static class ReportEvaluationSummaryEndpoint
{
    [WolverinePost("/api/offerings/{id}/evaluation-summary", OperationId = "reportEvaluationSummary")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<OfferingView>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, ReportEvaluationSummary command, IDocumentStore store, ClaimsPrincipal user,
        ReferenceData reference, HttpRequest request, CancellationToken ct) =>
        OfferingChanges.Run(id, user.Caller(), store, request,
            offering => ReportEvaluationSummary.Validate(command, offering, id, user.Caller(), reference),
            offering => ReportEvaluationSummary.Decide(command, offering), ct);
}
