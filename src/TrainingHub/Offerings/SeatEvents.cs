namespace TrainingHub.Offerings;

/// <summary>
/// Seat and enrolment events live on the offering stream: the offering is the consistency boundary for its seats,
/// and every command that can move a seat locks that stream (see <see cref="OfferingLock"/>).
/// They carry no personal data: only the trainee's id and the attributes reports need (the Idempotency-Key only as
/// its keyed hash, the certificate id on the partner's trainee stream).
/// </summary>
public sealed record TraineeEnrolled(
    Guid OfferingId,
    Guid EnrolmentId,
    Guid TraineeId,
    Guid PartnerId,
    Guid ProgrammeId,
    Guid ProviderId,
    string Status,
    int? WaitlistPosition,
    string Sex,
    string CountryOfResidence,
    string OrganisationType,
    string IdempotencyKeyHash);

/// <summary>
/// Recorded with every waitlisted <see cref="TraineeEnrolled"/>: its ticket is that event's version in the offering
/// stream, fixed by the decision under the lock, so the waitlist's order is first come, first served whatever the
/// clocks say. (Events stored before it existed get the same number from the event's own version.)
/// </summary>
public sealed record WaitlistJoined(Guid OfferingId, Guid EnrolmentId, long Ticket);

public sealed record EnrolmentWithdrawn(Guid OfferingId, Guid EnrolmentId, Guid PartnerId, string PreviousStatus);

public sealed record WaitlistedTraineePromoted(Guid OfferingId, Guid EnrolmentId, Guid PartnerId);

public sealed record EnrolmentCancelled(Guid OfferingId, Guid EnrolmentId, Guid PartnerId, string Reason);

public sealed record AssessmentRecorded(
    Guid OfferingId,
    Guid EnrolmentId,
    Guid PartnerId,
    string Kind,
    int Score,
    IReadOnlyDictionary<string, int> StandardScores,
    DateTimeOffset AssessedAt);

public sealed record EnrolmentCompleted(
    Guid OfferingId,
    Guid EnrolmentId,
    Guid PartnerId,
    string Outcome,
    int? PassMark);

public static class EnrolmentStatus
{
    public const string Confirmed = "confirmed";
    public const string Waitlisted = "waitlisted";
    public const string Withdrawn = "withdrawn";
    public const string Cancelled = "cancelled";
    public const string Completed = "completed";
    public const string DidNotComplete = "did-not-complete";

    public static readonly IReadOnlyList<string> All = [Confirmed, Waitlisted, Withdrawn, Cancelled, Completed, DidNotComplete];

    /// <summary>Confirmed trainees keep their seat when they complete (or not): capacity counts them.</summary>
    public static bool HoldsSeat(string status) => status is Confirmed or Completed or DidNotComplete;

    public static bool IsLive(string status) => HoldsSeat(status) || status == Waitlisted;
}

public static class AssessmentKind
{
    public const string Pre = "pre";
    public const string Post = "post";
    public const string Final = "final";
    public static readonly IReadOnlyList<string> All = [Pre, Post, Final];
}
