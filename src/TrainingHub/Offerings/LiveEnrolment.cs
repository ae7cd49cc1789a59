using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Marten.Patching;

namespace TrainingHub.Offerings;

/// <summary>
/// An enrolment that still counts in its offering: confirmed, waitlisted, or finished (completed or did not complete,
/// which keep their seat). Withdrawn and cancelled ones have none. This is what the seat rules read, by index and
/// never by loading the whole offering: the head of the queue, a waitlist position, whether a partner already holds
/// this person here, and what a cancellation cancels.
/// </summary>
/// <param name="Ticket">Waitlisted only: the version of its TraineeEnrolled in the offering stream. The queue is
/// served in ticket order (first come, first served).</param>
public sealed record LiveEnrolment(Guid Id, Guid OfferingId, Guid TraineeId, Guid PartnerId, string Status, long Ticket);

/// <summary>
/// Inline: the next seat decision, under the offering's lock, must see every live enrolment as it is. An event
/// projection, not an aggregation: it writes (insert, patch, delete) without first reading the document, so it adds no
/// round trip while the lock is held.
/// </summary>
public sealed partial class LiveEnrolmentProjection : EventProjection
{
    // Read back from the database (a rebuild), an event knows its version; being appended it does not (quick append),
    // and the WaitlistJoined recorded with it brings the same number.
    public LiveEnrolment Create(IEvent<TraineeEnrolled> e) => new(e.Data.EnrolmentId, e.Data.OfferingId, e.Data.TraineeId,
        e.Data.PartnerId, e.Data.Status, e.Data.Status == EnrolmentStatus.Waitlisted ? e.Version : 0);

    public void Project(WaitlistJoined e, IDocumentOperations ops) =>
        ops.Patch<LiveEnrolment>(e.EnrolmentId).Set(l => l.Ticket, e.Ticket);

    public void Project(WaitlistedTraineePromoted e, IDocumentOperations ops) =>
        ops.Patch<LiveEnrolment>(e.EnrolmentId).Set(l => l.Status, EnrolmentStatus.Confirmed).Set(l => l.Ticket, 0L);

    public void Project(EnrolmentCompleted e, IDocumentOperations ops) =>
        ops.Patch<LiveEnrolment>(e.EnrolmentId).Set(l => l.Status, e.Outcome);

    public void Project(EnrolmentWithdrawn e, IDocumentOperations ops) => ops.Delete<LiveEnrolment>(e.EnrolmentId);

    public void Project(EnrolmentCancelled e, IDocumentOperations ops) => ops.Delete<LiveEnrolment>(e.EnrolmentId);
}

public static class Waitlist
{
    /// <summary>The longest-waiting enrolments of one offering, enough to fill <paramref name="seats"/> seats.</summary>
    public static IQueryable<LiveEnrolment> Head(this IQueryable<LiveEnrolment> live, Guid offeringId, int seats) =>
        live.Where(w => w.OfferingId == offeringId && w.Status == EnrolmentStatus.Waitlisted)
            .OrderBy(w => w.Ticket).Take(Math.Max(0, seats));

    /// <summary>1-based: how many wait ahead, plus one; null when the enrolment is not waiting.</summary>
    public static async Task<int?> PositionOf(IQuerySession session, Guid enrolmentId, CancellationToken ct)
    {
        var entry = await session.LoadAsync<LiveEnrolment>(enrolmentId, ct);
        if (entry is not { Status: EnrolmentStatus.Waitlisted }) return null;
        return await session.Query<LiveEnrolment>().CountAsync(w => w.OfferingId == entry.OfferingId
            && w.Status == EnrolmentStatus.Waitlisted && w.Ticket <= entry.Ticket, ct);
    }

    /// <summary>First come, first served: the head of the waitlist takes the seats that are free.</summary>
    public static IReadOnlyList<WaitlistedTraineePromoted> PromoteInto(Guid offeringId, int freeSeats,
        IReadOnlyList<LiveEnrolment> head) =>
        [.. head.Where(w => w.Status == EnrolmentStatus.Waitlisted).OrderBy(w => w.Ticket).Take(Math.Max(0, freeSeats))
            .Select(w => new WaitlistedTraineePromoted(offeringId, w.Id, w.PartnerId))];
}
