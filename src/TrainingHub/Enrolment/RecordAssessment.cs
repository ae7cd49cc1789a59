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

/// <summary><c>standardScores</c> holds at most one score per standard of the reference data.</summary>
public sealed record RecordAssessment(string? Kind, int? Score,
    [property: MaxItems(Vocabulary.Standards)] Dictionary<string, int>? StandardScores, DateTimeOffset? AssessedAt)
{
    public static ProblemDetails Validate(RecordAssessment command, ReferenceData reference, DateTimeOffset now)
    {
        var errors = new ValidationErrors()
            .When(command.Kind is null || !AssessmentKind.All.Contains(command.Kind), "kind", "One of: pre, post, final.")
            .When(command.Score is null or < 0 or > 100, "score", "Between 0 and 100.")
            .When(command.AssessedAt is { } at && at > now.AddDays(1), "assessedAt", "Cannot lie in the future.");
        var maxScores = reference.Size(Vocabulary.Standards);
        if (command.StandardScores?.Count > maxScores)
            return Problems.Invalid(errors.Add("standardScores",
                $"At most {maxScores} entries, one per standard (the reference data has {maxScores})."));
        foreach (var (standard, score) in command.StandardScores ?? [])
        {
            var field = $"standardScores.{Problems.Echo(standard)}";
            errors.UnknownCode(field, standard, reference.StandardCodes)
                .When(score is < 0 or > 100, field, "Between 0 and 100.");
        }
        return Problems.Invalid(errors);
    }

    /// <summary>Confirmed (or completed) trainees only; one pre and one post; finals may be corrected by later finals.</summary>
    public static ProblemDetails CheckEnrolment(RecordAssessment command, EnrolmentView view, Caller caller)
    {
        if (!caller.MayChange(view.ProviderId))
            return Problems.Forbidden("Only the provider that runs the offering (or an admin) records assessments.");
        if (!EnrolmentStatus.HoldsSeat(view.Status))
            return Problems.Conflict("Enrolment not confirmed", $"The enrolment is {view.Status}; only confirmed trainees are assessed.");
        if (command.Kind == AssessmentKind.Pre && view.Assessments.Any(a => a.Kind == AssessmentKind.Pre))
            return Problems.Conflict("Pre-assessment already recorded", "An enrolment has at most one pre-assessment.");
        if (command.Kind == AssessmentKind.Post && view.Assessments.Any(a => a.Kind == AssessmentKind.Post))
            return Problems.Conflict("Post-assessment already recorded", "An enrolment has at most one post-assessment.");
        return Problems.None;
    }

    public static AssessmentRecorded Decide(RecordAssessment command, EnrolmentView view, DateTimeOffset now) =>
        new(view.OfferingId, view.Id, view.PartnerId, command.Kind!, command.Score!.Value,
            command.StandardScores ?? [], command.AssessedAt ?? now);
}

public static class RecordAssessmentEndpoint
{
    public static ProblemDetails Validate(RecordAssessment command, ReferenceData reference, TimeProvider clock) =>
        RecordAssessment.Validate(command, reference, clock.GetUtcNow());

    [WolverinePost("/api/enrolments/{id}/assessments", OperationId = "recordAssessment")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<EnrolmentView>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> Post(Guid id, RecordAssessment command, IDocumentStore store, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken ct) =>
        EnrolmentChanges.Run(id, user.Caller(), store, EnrolmentChanges.NothingMore,
            locked => RecordAssessment.CheckEnrolment(command, locked.View, user.Caller()),
            (locked, _) => [new StreamEvents(locked.Offering.Id, [RecordAssessment.Decide(command, locked.View, clock.GetUtcNow())])],
            view => TypedResults.Created($"/api/enrolments/{id}", view), ct);
}
