using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using Wolverine.Http;

namespace TrainingHub.Enrolment;

public static class WithdrawEnrolment
{
    public static ProblemDetails Validate(EnrolmentView view, Offering offering, Caller caller)
    {
        if (!caller.IsAdmin && caller.OrganisationId != view.PartnerId)
            return Problems.Forbidden("Only the partner that enrolled the trainee (or an admin) may withdraw the enrolment.");
        var seat = offering.Seat(view.Id)!;
        return seat.Status is EnrolmentStatus.Confirmed or EnrolmentStatus.Waitlisted
            ? Problems.None
            : Problems.Conflict("Enrolment not live", $"The enrolment is {seat.Status}; only confirmed or waitlisted enrolments can be withdrawn.");
    }

    /// <summary>A freed seat goes at once to the head of the waitlist; a waitlisted withdrawal just closes the gap.</summary>
    public static IReadOnlyList<object> Decide(Offering offering, Guid enrolmentId)
    {
        var seat = offering.Seat(enrolmentId)!;
        var events = new List<object> { new EnrolmentWithdrawn(offering.Id, enrolmentId, seat.PartnerId, seat.Status) };
        if (seat.Status == EnrolmentStatus.Confirmed)
            events.AddRange(Waitlist.PromoteInto(offering, offering.Capacity, offering.SeatsTaken() - 1));
        return events;
    }
}

public static class WithdrawEnrolmentEndpoint
{
    [WolverinePost("/api/enrolments/{id}/withdraw", OperationId = "withdrawEnrolment")]
    [Authorize(Policy = Roles.Policies.Partner)]
    [ProducesResponseType<EnrolmentDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var caller = user.Caller();
        var (view, offering, problem) = await EnrolmentLookup.LockForChange(session, id, caller, ct);
        if (problem.IsNone()) problem = WithdrawEnrolment.Validate(view!, offering!, caller);
        if (!problem.IsNone()) return TypedResults.Problem(problem);

        session.Events.Append(offering!.Id, [.. WithdrawEnrolment.Decide(offering, id)]);
        await session.SaveChangesAsync(ct);
        return TypedResults.Ok(new EnrolmentDetails((await session.LoadAsync<EnrolmentView>(id, ct))!, null, null, null));
    }
}
