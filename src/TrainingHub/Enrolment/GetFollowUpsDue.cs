using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using Wolverine.Http;

namespace TrainingHub.Enrolment;

/// <summary>An enrolment whose trainee is due the follow-up survey: completed at least <c>dueAfterDays</c> days ago
/// (default <see cref="RecordFollowUp.DueAfterDays"/>) and not yet followed up.</summary>
public sealed record FollowUpDue(Guid EnrolmentId, Guid OfferingId, Guid ProgrammeId, DateTimeOffset CompletedAt,
    DateTimeOffset DueSince);

public static class GetFollowUpsDueEndpoint
{
    public const int MaxDueAfterDays = 730;

    /// <summary>The calling partner's own trainees due a follow-up, longest due first; <c>dueAfterDays</c> sets how long
    /// after completion the partner surveys (0 to 730 days).</summary>
    [WolverineGet("/api/partners/me/follow-ups", OperationId = "listFollowUpsDue")]
    [Microsoft.AspNetCore.Authorization.Authorize(Policy = Roles.Policies.Partner)]
    [ProducesResponseType<PagedResult<FollowUpDue>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(int? dueAfterDays, int? page, int? pageSize, IQuerySession session,
        ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var problem = Problems.Invalid(new ValidationErrors()
            .When(dueAfterDays is < 0 or > MaxDueAfterDays, "dueAfterDays", $"Between 0 and {MaxDueAfterDays}.")
            .CheckPaging(page, pageSize));
        if (!problem.IsNone()) return TypedResults.Problem(problem);

        var partnerId = user.Caller().OrganisationId;
        var after = dueAfterDays ?? RecordFollowUp.DueAfterDays;
        var completedBy = clock.GetUtcNow().AddDays(-after);
        var due = await session.Query<EnrolmentView>()
            .Where(e => e.PartnerId == partnerId && e.Status == EnrolmentStatus.Completed && e.FollowUpRecordedAt == null
                        && e.CompletedAt <= completedBy)
            .OrderBy(e => e.CompletedAt).ThenBy(e => e.Id)
            .ToPageAsync(page, pageSize, ct);
        return TypedResults.Ok(new PagedResult<FollowUpDue>([.. due.Items.Select(e => new FollowUpDue(e.Id, e.OfferingId,
            e.ProgrammeId, e.CompletedAt!.Value, e.CompletedAt.Value.AddDays(after)))],
            due.Page, due.PageSize, due.Total));
    }
}
