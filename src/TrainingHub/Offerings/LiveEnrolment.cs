using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

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

/// <summary>Inline: the next seat decision, under the offering's lock, must see every live enrolment as it is.</summary>
public sealed partial class LiveEnrolmentProjection : MultiStreamProjection<LiveEnrolment, Guid>
{
    public LiveEnrolmentProjection()
    {
        Identity<TraineeEnrolled>(e => e.EnrolmentId);
        Identity<WaitlistJoined>(e => e.EnrolmentId);
        Identity<WaitlistedTraineePromoted>(e => e.EnrolmentId);
        Identity<EnrolmentCompleted>(e => e.EnrolmentId);
        Identity<EnrolmentWithdrawn>(e => e.EnrolmentId);
        Identity<EnrolmentCancelled>(e => e.EnrolmentId);
    }

    public override LiveEnrolment? Evolve(LiveEnrolment? live, Guid id, IEvent e) => e.Data switch
    {
        // Read back from the database (a rebuild), an event knows its version; being appended it does not (quick
        // append), and the WaitlistJoined recorded with it brings the same number.
        TraineeEnrolled enrolled => new LiveEnrolment(id, enrolled.OfferingId, enrolled.TraineeId, enrolled.PartnerId,
            enrolled.Status, enrolled.Status == EnrolmentStatus.Waitlisted ? e.Version : 0),
        WaitlistJoined joined when live is not null => live with { Ticket = joined.Ticket },
        WaitlistedTraineePromoted when live is not null => live with { Status = EnrolmentStatus.Confirmed, Ticket = 0 },
        EnrolmentCompleted completed when live is not null => live with { Status = completed.Outcome },
        EnrolmentWithdrawn or EnrolmentCancelled => null,
        _ => live,
    };
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
