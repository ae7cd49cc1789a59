using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using Wolverine.Http;

namespace TrainingHub.Enrolment;

/// <summary>The reaction survey at the end of an offering: satisfaction and relevance from 1 (poor) to 5 (excellent),
/// and whether the trainee would recommend it.</summary>
public sealed record RecordReaction(int? Satisfaction, int? Relevance, bool? WouldRecommend)
{
    public static ProblemDetails Validate(RecordReaction command) =>
        Problems.Invalid(new ValidationErrors()
            .When(command.Satisfaction is null or < 1 or > 5, "satisfaction", "Required, 1 to 5.")
            .When(command.Relevance is null or < 1 or > 5, "relevance", "Required, 1 to 5.")
            .When(command.WouldRecommend is null, "wouldRecommend", "Required: true or false."));

    /// <summary>The enrolling partner answers for its trainee, once, from the offering's last day, for a trainee who
    /// held a seat.</summary>
    public static ProblemDetails CheckEnrolment(EnrolmentView view, Offering offering, Caller caller, DateTimeOffset now) =>
        Problems.FirstOf(
            () => caller.AnswersFor(view),
            () => EnrolmentStatus.HoldsSeat(view.Status) ? Problems.None
                : Problems.Conflict("No seat held", $"The enrolment is {view.Status}: only trainees who took part answer the survey."),
            () => offering.EndDate <= DateOnly.FromDateTime(now.UtcDateTime) ? Problems.None
                : Problems.Conflict("Offering not over", $"The reaction survey opens on the offering's last day, {offering.EndDate:yyyy-MM-dd}."),
            () => view.ReactionRecordedAt is null ? Problems.None
                : Problems.Conflict("Already answered", "The trainee's reaction was recorded already; it is recorded once."));

    public static ReactionRecorded Decide(RecordReaction command, EnrolmentView view) =>
        new(view.OfferingId, view.Id, view.PartnerId, command.Satisfaction!.Value, command.Relevance!.Value,
            command.WouldRecommend!.Value);
}

public static class RecordReactionEndpoint
{
    public static ProblemDetails Validate(RecordReaction command) => RecordReaction.Validate(command);

    [WolverinePost("/api/enrolments/{id}/reaction", OperationId = "recordReaction")]
    [Authorize(Policy = Roles.Policies.Partner)]
    [ProducesResponseType<EnrolmentView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> Post(Guid id, RecordReaction command, IDocumentStore store, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken ct) =>
        EnrolmentChanges.Run(id, user.Caller(), store, EnrolmentChanges.NothingMore,
            locked => RecordReaction.CheckEnrolment(locked.View, locked.Offering, user.Caller(), clock.GetUtcNow()),
            (locked, _) => [new StreamEvents(locked.View.OfferingId, [RecordReaction.Decide(command, locked.View)])],
            view => TypedResults.Ok(view), ct);
}
