using Marten;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;

namespace TrainingHub.Enrolment;

public static class EnrolmentLookup
{
    /// <summary>
    /// Finds the enrolment, checks the caller may see it (else 404, so its existence is not revealed), then locks its
    /// offering and returns the offering as it is under the lock.
    /// </summary>
    public static async Task<(EnrolmentView? View, Offering? Offering, ProblemDetails Problem)> LockForChange(
        IDocumentSession session, Guid enrolmentId, Caller caller, CancellationToken ct)
    {
        var view = await session.LoadAsync<EnrolmentView>(enrolmentId, ct);
        if (view is null || !caller.MayRead(view))
            return (null, null, Problems.NotFound("Enrolment", enrolmentId));
        var offering = await OfferingLock.Acquire(session, view.OfferingId, ct);
        return (view, offering, Problems.None);
    }
}
