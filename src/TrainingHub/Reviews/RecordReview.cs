using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Catalogue;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Reviews;

/// <summary>One criterion as sent; checked by <see cref="RecordReview.Validate"/>.</summary>
public sealed record CriterionInput(string? Criterion, int? Score, string? Rationale);

/// <summary>The organisation recording a review, with its name as registered at that moment.</summary>
public sealed record Reviewer(Guid OrganisationId, string Name);

/// <summary>
/// An analyst's judgement of a programme's design: every review criterion scored once (0 not met, 1 partly met,
/// 2 largely met, 3 fully met) with its rationale, a recommendation, the improvements it needs (at least one unless the
/// recommendation is support) and an optional summary. Lists are read no further than one entry past their maximum.
/// </summary>
public sealed record RecordReview(
    [property: MaxEntries(RecordReview.MaxCriteria)] IReadOnlyList<CriterionInput?>? Criteria,
    string? Recommendation,
    [property: MaxEntries(RecordReview.MaxImprovements)] IReadOnlyList<string?>? Improvements,
    string? Summary)
{
    /// <summary>One entry per criterion of the vocabulary (a unit test keeps the two equal).</summary>
    public const int MaxCriteria = 6;
    public const int MaxRationale = 1000;
    public const int MaxImprovements = 10;
    public const int MaxImprovement = 500;
    public const int MaxSummary = 2000;
    public const string Support = "support";

    public static ProblemDetails Validate(RecordReview command, Programme? programme, Guid programmeId,
        ReferenceData reference) =>
        Problems.FirstOf(
            () => programme is null ? Problems.NotFound("Programme", programmeId) : Problems.None,
            // A retired programme is no longer delivered: there is nothing left to support or improve.
            () => programme!.Retired
                ? Problems.Conflict("Programme retired", $"Programme {programme.Id} is retired and is no longer reviewed.")
                : Problems.None,
            () => Rules(command, reference));

    /// <summary>Only call after <see cref="Validate"/> found no problem. Criteria in vocabulary order, text trimmed.</summary>
    public static ProgrammeReviewed Decide(RecordReview command, Programme programme, ReferenceData reference,
        Guid reviewId, Reviewer reviewer, DateTimeOffset now)
    {
        var sent = command.Criteria!.ToDictionary(c => c!.Criterion!, c => c!);
        return new ProgrammeReviewed(reviewId, programme.Id, reviewer.OrganisationId, reviewer.Name,
            [.. reference.Vocabularies.ReviewCriteria.Select(c => sent[c.Code])
                .Select(c => new CriterionScore(c.Criterion!, c.Score!.Value, c.Rationale!.Trim()))],
            command.Recommendation!,
            [.. (command.Improvements ?? []).Select(i => i!.Trim())],
            string.IsNullOrWhiteSpace(command.Summary) ? null : command.Summary.Trim(),
            now);
    }

    private static ProblemDetails Rules(RecordReview command, ReferenceData reference)
    {
        var criteria = reference.Vocabularies.ReviewCriteria.Select(c => c.Code).ToArray();
        var recommendations = reference.Vocabularies.ReviewRecommendations.Select(c => c.Code).ToArray();
        var errors = new ValidationErrors()
            .When(command.Recommendation is null || !recommendations.Contains(command.Recommendation), "recommendation",
                $"Required, one of: {string.Join(", ", recommendations)}.")
            .When(command.Summary is { } summary && summary.Trim().Length > MaxSummary, "summary",
                $"At most {MaxSummary} characters.");
        CheckCriteria(errors, command.Criteria, criteria);
        CheckImprovements(errors, command.Improvements, command.Recommendation);
        return Problems.Invalid(errors);
    }

    /// <summary>Every criterion exactly once: a repeat is named where it occurs, the missing ones together.</summary>
    private static void CheckCriteria(ValidationErrors errors, IReadOnlyList<CriterionInput?>? sent, string[] criteria)
    {
        if (sent is not { Count: > 0 })
        {
            errors.Add("criteria", $"Required: each criterion once ({string.Join(", ", criteria)}).");
            return;
        }
        // More entries than criteria can only be repeats or unknown codes: one problem, entries not read.
        if (sent.Count > criteria.Length)
        {
            errors.Add("criteria", $"At most {criteria.Length} entries, one per criterion.");
            return;
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < sent.Count; i++)
        {
            var field = $"criteria[{i}]";
            if (sent[i] is not { } entry)
            {
                errors.Add(field, "A criterion: criterion, score, rationale.");
                continue;
            }
            if (entry.Criterion is null) errors.Add($"{field}.criterion", $"Required, one of: {string.Join(", ", criteria)}.");
            else if (!criteria.Contains(entry.Criterion)) errors.Add($"{field}.criterion", $"Unknown code '{Problems.Echo(entry.Criterion)}'.");
            else if (seen.TryGetValue(entry.Criterion, out var first))
                errors.Add($"{field}.criterion", $"Repeated: '{entry.Criterion}' is already scored at criteria[{first}].");
            else seen[entry.Criterion] = i;
            errors
                .When(entry.Score is null or < ReviewScore.NotMet or > ReviewScore.FullyMet, $"{field}.score",
                    "Required, 0 to 3 (0 not met, 1 partly met, 2 largely met, 3 fully met).")
                .When(string.IsNullOrWhiteSpace(entry.Rationale) || entry.Rationale.Trim().Length > MaxRationale,
                    $"{field}.rationale", $"Required, 1 to {MaxRationale} characters.");
        }
        var missing = criteria.Where(c => !seen.ContainsKey(c)).ToArray();
        errors.When(missing.Length > 0, "criteria", $"Missing: {string.Join(", ", missing)} (every criterion is scored once).");
    }

    private static void CheckImprovements(ValidationErrors errors, IReadOnlyList<string?>? improvements, string? recommendation)
    {
        if (improvements is { Count: > MaxImprovements })
        {
            errors.Add("improvements", $"At most {MaxImprovements} improvements.");
            return;
        }
        // Anything short of support says what must change.
        errors.When(improvements is not { Count: > 0 } && recommendation != Support, "improvements",
            "At least one improvement, unless the recommendation is support.");
        for (var i = 0; i < (improvements?.Count ?? 0); i++)
            errors.When(string.IsNullOrWhiteSpace(improvements![i]) || improvements[i]!.Trim().Length > MaxImprovement,
                $"improvements[{i}]", $"1 to {MaxImprovement} characters.");
    }
}

public static class RecordReviewEndpoint
{
    /// <summary>
    /// Through the one write path: the programme's stream is locked first (as an offering's is for seats), so two
    /// reviews of one programme are recorded one after the other and the inline view of its reviews, which each
    /// rewrites, loses neither.
    /// </summary>
    [WolverinePost("/api/programmes/{id}/reviews", OperationId = "recordProgrammeReview")]
    [Authorize(Policy = Roles.Policies.Analyst)]
    [ProducesResponseType<ReviewView>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> Post(Guid id, RecordReview command, IDocumentStore store, ReferenceData reference,
        ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var caller = user.Caller();
        return CommandWrite.Run(store, caller.OrganisationId,
            async (session, token) =>
            (
                Programme: (await session.Events.FetchForExclusiveWriting<Programme>(id, token)).Aggregate,
                Reviewer: new Reviewer(caller.OrganisationId, await CallerName.OfAsync(session, caller, token))
            ),
            read => Verdict.Unless(RecordReview.Validate(command, read.Programme, id, reference), () =>
            {
                var reviewed = RecordReview.Decide(command, read.Programme!, reference, Guid.CreateVersion7(),
                    read.Reviewer, clock.GetUtcNow());
                return Verdict.Record([StreamEvents.Start<ProgrammeReview>(reviewed.ReviewId, [reviewed])],
                    async (session, token) => TypedResults.Created($"/api/reviews/{reviewed.ReviewId}",
                        (await session.LoadAsync<ProgrammeReviewsView>(id, token))!.Find(reviewed.ReviewId)));
            }), ct);
    }
}
