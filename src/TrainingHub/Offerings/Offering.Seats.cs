namespace TrainingHub.Offerings;

public sealed partial record Offering
{
    /// <summary>Every enrolment in arrival order, so the waitlist is first come, first served.</summary>
    public IReadOnlyList<EnrolmentSeat> Enrolments { get; init; } = [];

    public int SeatsTaken() => Enrolments.Count(e => EnrolmentStatus.HoldsSeat(e.Status));

    public IReadOnlyList<EnrolmentSeat> Waitlist() => [.. Enrolments.Where(e => e.Status == EnrolmentStatus.Waitlisted)];

    public EnrolmentSeat? Seat(Guid enrolmentId) => Enrolments.FirstOrDefault(e => e.EnrolmentId == enrolmentId);

    /// <summary>1-based position on the waitlist, or null when not waitlisted.</summary>
    public int? WaitlistPosition(Guid enrolmentId)
    {
        var index = Waitlist().Select(e => e.EnrolmentId).ToList().IndexOf(enrolmentId);
        return index < 0 ? null : index + 1;
    }

    public Offering Apply(TraineeEnrolled e) => this with
    {
        Enrolments = [.. Enrolments, new EnrolmentSeat(e.EnrolmentId, e.TraineeId, e.PartnerId, e.Status, false, false)],
    };

    public Offering Apply(EnrolmentWithdrawn e) => WithSeat(e.EnrolmentId, s => s with { Status = EnrolmentStatus.Withdrawn });

    public Offering Apply(WaitlistedTraineePromoted e) => WithSeat(e.EnrolmentId, s => s with { Status = EnrolmentStatus.Confirmed });

    public Offering Apply(EnrolmentCancelled e) => WithSeat(e.EnrolmentId, s => s with { Status = EnrolmentStatus.Cancelled });

    public Offering Apply(AssessmentRecorded e) => WithSeat(e.EnrolmentId, s => s with
    {
        HasPre = s.HasPre || e.Kind == AssessmentKind.Pre,
        HasPost = s.HasPost || e.Kind == AssessmentKind.Post,
    });

    public Offering Apply(EnrolmentCompleted e) => WithSeat(e.EnrolmentId, s => s with { Status = e.Outcome });

    private Offering WithSeat(Guid enrolmentId, Func<EnrolmentSeat, EnrolmentSeat> change) => this with
    {
        Enrolments = [.. Enrolments.Select(s => s.EnrolmentId == enrolmentId ? change(s) : s)],
    };
}
