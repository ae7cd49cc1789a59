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
    public static ProblemDetails Validate(EnrolmentView view, Caller caller)
    {
        if (!caller.IsAdmin && caller.OrganisationId != view.PartnerId)
            return Problems.Forbidden("Only the partner that enrolled the trainee (or an admin) may withdraw the enrolment.");
        return view.Status is EnrolmentStatus.Confirmed or EnrolmentStatus.Waitlisted
            ? Problems.None
            : Problems.Conflict("Enrolment not live", $"The enrolment is {view.Status}; only confirmed or waitlisted enrolments can be withdrawn.");
    }

    /// <summary>A freed seat goes at once to the head of the waitlist; a waitlisted withdrawal just closes the gap.</summary>
    public static IReadOnlyList<object> Decide(Offering offering, EnrolmentView view, IReadOnlyList<LiveEnrolment> waitlistHead)
    {
        var withdrawn = new EnrolmentWithdrawn(offering.Id, view.Id, view.PartnerId, view.Status);
        return view.Status == EnrolmentStatus.Confirmed
            ? [withdrawn, .. Waitlist.PromoteInto(offering.Id, FreeSeatsAfter(offering), waitlistHead)]
            : [withdrawn];
    }

    /// <summary>Who takes the freed seat, if a seat is freed and somebody waits.</summary>
    public static async Task<IReadOnlyList<LiveEnrolment>> WaitlistToPromote(IQuerySession session, LockedEnrolment locked,
        CancellationToken ct) =>
        locked is { View.Status: EnrolmentStatus.Confirmed, Offering: { Waitlisted: > 0 } offering }
            ? await session.Query<LiveEnrolment>().Head(offering.Id, FreeSeatsAfter(offering)).ToListAsync(ct)
            : [];

    private static int FreeSeatsAfter(Offering offering) => offering.FreeSeats(offering.Capacity + 1);
}

public static class WithdrawEnrolmentEndpoint
{
    [WolverinePost("/api/enrolments/{id}/withdraw", OperationId = "withdrawEnrolment")]
    [Authorize(Policy = Roles.Policies.Partner)]
    [ProducesResponseType<EnrolmentDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> Post(Guid id, IDocumentStore store, ClaimsPrincipal user, CancellationToken ct) =>
        EnrolmentChanges.Run(id, user.Caller(), store, WithdrawEnrolment.WaitlistToPromote,
            locked => WithdrawEnrolment.Validate(locked.View, user.Caller()),
            (locked, head) => [new StreamEvents(locked.Offering.Id, WithdrawEnrolment.Decide(locked.Offering, locked.View, head))],
            view => TypedResults.Ok(new EnrolmentDetails(view, null, null, null)), ct);
}
