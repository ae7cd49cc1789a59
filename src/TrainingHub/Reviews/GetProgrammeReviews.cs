using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Catalogue;
using TrainingHub.Kernel;
using Wolverine.Http;

namespace TrainingHub.Reviews;

public sealed class ReviewView
{
    public Guid Id { get; set; }
    public Guid ProgrammeId { get; set; }
    public Guid ReviewerId { get; set; }
    /// <summary>The reviewing organisation's name when it reviewed.</summary>
    public string ReviewerName { get; set; } = "";
    public List<CriterionScore> Criteria { get; set; } = [];
    public string Recommendation { get; set; } = "";
    public List<string> Improvements { get; set; } = [];
    public string? Summary { get; set; }
    public DateTimeOffset ReviewedAt { get; set; }
    /// <summary>The programme's latest review: the one that stands.</summary>
    public bool Current { get; set; }
    /// <summary>When the next review of the programme replaced this one, and which.</summary>
    public DateTimeOffset? SupersededAt { get; set; }
    public Guid? SupersededBy { get; set; }
}

/// <summary>A programme's reviews (Id = the programme's id), oldest first; each newer review supersedes the older ones.</summary>
public sealed class ProgrammeReviewsView
{
    public Guid Id { get; set; }
    public List<ReviewView> Reviews { get; set; } = [];
    public ReviewView? Current { get; set; }

    public ReviewView? Find(Guid reviewId) => Reviews.Find(r => r.Id == reviewId);
}

/// <summary>One document per programme across its reviews' streams; inline, so an analyst reads a review at once.</summary>
public sealed partial class ProgrammeReviewsViewProjection : MultiStreamProjection<ProgrammeReviewsView, Guid>
{
    public ProgrammeReviewsViewProjection() => Identity<ProgrammeReviewed>(e => e.ProgrammeId);

    public void Apply(IEvent<ProgrammeReviewed> e, ProgrammeReviewsView view)
    {
        var reviewed = e.Data;
        foreach (var older in view.Reviews.Where(r => r.Current))
            (older.Current, older.SupersededAt, older.SupersededBy) = (false, reviewed.ReviewedAt, reviewed.ReviewId);
        var review = new ReviewView
        {
            Id = reviewed.ReviewId,
            ProgrammeId = reviewed.ProgrammeId,
            ReviewerId = reviewed.ReviewerId,
            ReviewerName = reviewed.ReviewerName,
            Criteria = [.. reviewed.Criteria],
            Recommendation = reviewed.Recommendation,
            Improvements = [.. reviewed.Improvements],
            Summary = reviewed.Summary,
            ReviewedAt = reviewed.ReviewedAt,
            Current = true,
        };
        view.Id = reviewed.ProgrammeId;
        view.Reviews.Add(review);
        view.Current = review;
    }
}

/// <summary>A programme's reviews, latest first; <c>current</c> is the one that stands (null before any review).</summary>
public sealed record ProgrammeReviews(Guid ProgrammeId, string Title, Guid ProviderId, ReviewView? Current,
    IReadOnlyList<ReviewView> Reviews);

public static class GetProgrammeReviewsEndpoints
{
    [WolverineGet("/api/programmes/{id}/reviews", OperationId = "getProgrammeReviews")]
    [ProducesResponseType<ProgrammeReviews>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> List(Guid id, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var (programme, reviews) = await LoadAsync(session, id, ct);
        return programme is null || !MayRead(user.Caller(), programme)
            ? TypedResults.Problem(Problems.NotFound("Programme", id))
            : TypedResults.Ok(new ProgrammeReviews(programme.Id, programme.Title, programme.ProviderId, reviews?.Current,
                [.. Enumerable.Reverse(reviews?.Reviews ?? [])]));
    }

    [WolverineGet("/api/reviews/{id}", OperationId = "getReview")]
    [ProducesResponseType<ReviewView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var (programme, reviews) = await session.LoadAsync<ProgrammeReview>(id, ct) is { } review
            ? await LoadAsync(session, review.ProgrammeId, ct)
            : (null, null);
        return programme is not null && MayRead(user.Caller(), programme) && reviews?.Find(id) is { } found
            ? TypedResults.Ok(found)
            : TypedResults.Problem(Problems.NotFound("Review", id));
    }

    /// <summary>
    /// Analysts and admin read every review; a provider reads those of the programmes it provides. To anyone else a
    /// review does not exist (404, as for a programme without reviews that is not theirs): a judgement of a provider's
    /// programme is for the provider and the Task Force, not for other providers or partners.
    /// </summary>
    public static bool MayRead(Caller caller, ProgrammeView programme) =>
        caller.IsAnalyst || caller.IsAdmin || (caller.Role == Roles.Provider && caller.OrganisationId == programme.ProviderId);

    private static async Task<(ProgrammeView? Programme, ProgrammeReviewsView? Reviews)> LoadAsync(IQuerySession session,
        Guid programmeId, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var programme = batch.Load<ProgrammeView>(programmeId);
        var reviews = batch.Load<ProgrammeReviewsView>(programmeId);
        await batch.Execute(ct);
        return (await programme, await reviews);
    }
}
