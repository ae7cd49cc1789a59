using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using Wolverine.Http;

namespace TrainingHub.Enrolment;

public sealed class PartnerEnrolmentsQuery
{
    public string? Status { get; set; }
    public Guid? Offering { get; set; }
    public int? Page { get; set; }
    public int? PageSize { get; set; }

    public static ProblemDetails Validate(PartnerEnrolmentsQuery query) =>
        Problems.Invalid(new ValidationErrors()
            .When(query.Status is not null && !EnrolmentStatus.All.Contains(query.Status), "status",
                $"Unknown status '{query.Status}'; one of: {string.Join(", ", EnrolmentStatus.All)}.")
            .CheckPaging(query.Page, query.PageSize));
}

public static class GetPartnerEnrolmentsEndpoint
{
    [WolverineGet("/api/partners/me/enrolments", OperationId = "listPartnerEnrolments")]
    [Microsoft.AspNetCore.Authorization.Authorize(Policy = Roles.Policies.Partner)]
    [ProducesResponseType<PagedResult<EnrolmentView>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get([FromQuery] PartnerEnrolmentsQuery query, IQuerySession session,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var problem = PartnerEnrolmentsQuery.Validate(query);
        if (!problem.IsNone()) return TypedResults.Problem(problem);

        var partnerId = user.Caller().OrganisationId;
        IQueryable<EnrolmentView> enrolments = session.Query<EnrolmentView>().Where(e => e.PartnerId == partnerId);
        if (query.Status is { } status) enrolments = enrolments.Where(e => e.Status == status);
        if (query.Offering is { } offering) enrolments = enrolments.Where(e => e.OfferingId == offering);
        return TypedResults.Ok(await enrolments.OrderBy(e => e.EnrolledAt).ThenBy(e => e.Id)
            .ToPageAsync(query.Page, query.PageSize, ct));
    }
}
