using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Enrolment;

/// <summary>The follow-up survey, months after completing: did the trainee apply the training at work, which standards
/// did they use, did their office's practice change.</summary>
public sealed record RecordFollowUp(bool? AppliedAtWork,
    [property: MaxItems(Vocabulary.Standards)] IReadOnlyList<string>? StandardsUsed, bool? PracticeChanged)
{
    /// <summary>A follow-up is due this long after completion (GET /api/partners/me/follow-ups).</summary>
    public const int DueAfterDays = 90;

    public static ProblemDetails Validate(RecordFollowUp command, ReferenceData reference) =>
        Problems.Invalid(new ValidationErrors()
            .When(command.AppliedAtWork is null, "appliedAtWork", "Required: true or false.")
            .When(command.PracticeChanged is null, "practiceChanged", "Required: true or false.")
            .UnknownCodes("standardsUsed", command.StandardsUsed, reference.StandardCodes));

    /// <summary>The enrolling partner answers for its trainee, once, after the trainee completed.</summary>
    public static ProblemDetails CheckEnrolment(EnrolmentView view, Caller caller) =>
        Problems.FirstOf(
            () => caller.AnswersFor(view),
            () => view.Status == EnrolmentStatus.Completed ? Problems.None
                : Problems.Conflict("Not completed", $"The enrolment is {view.Status}: trainees who completed are followed up."),
            () => view.FollowUpRecordedAt is null ? Problems.None
                : Problems.Conflict("Already answered", "The trainee's follow-up was recorded already; it is recorded once."));

    public static FollowUpRecorded Decide(RecordFollowUp command, EnrolmentView view) =>
        new(view.OfferingId, view.Id, view.PartnerId, command.AppliedAtWork!.Value,
            [.. (command.StandardsUsed ?? []).Distinct().Order(StringComparer.Ordinal)], command.PracticeChanged!.Value);
}

public static class RecordFollowUpEndpoint
{
    public static ProblemDetails Validate(RecordFollowUp command, ReferenceData reference) =>
        RecordFollowUp.Validate(command, reference);

    [WolverinePost("/api/enrolments/{id}/follow-up", OperationId = "recordFollowUp")]
    [Authorize(Policy = Roles.Policies.Partner)]
    [ProducesResponseType<EnrolmentView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> Post(Guid id, RecordFollowUp command, IDocumentStore store, ClaimsPrincipal user,
        CancellationToken ct) =>
        EnrolmentChanges.Run(id, user.Caller(), store, EnrolmentChanges.NothingMore,
            locked => RecordFollowUp.CheckEnrolment(locked.View, user.Caller()),
            (locked, _) => [new StreamEvents(locked.View.OfferingId, [RecordFollowUp.Decide(command, locked.View)])],
            view => TypedResults.Ok(view), ct);
}
