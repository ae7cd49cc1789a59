namespace TrainingHub.Offerings;

/// <summary>
/// Seats as counts, not as a list of enrolments: a seat decision reads them in O(1), and the snapshot rewritten under
/// the offering's lock stays the same size however many enrol. Which enrolments wait, and in what order, is the
/// <see cref="WaitlistEntry"/> documents' business; each enrolment's own status is its EnrolmentView's.
/// </summary>
public sealed partial record Offering
{
    public int Confirmed { get; init; }

    /// <summary>Completed or did-not-complete: they keep their seat, so capacity counts them.</summary>
    public int Finished { get; init; }

    public int Waitlisted { get; init; }

    public int SeatsTaken() => Confirmed + Finished;

    public int FreeSeats(int capacity) => Math.Max(0, capacity - SeatsTaken());

    public Offering Apply(TraineeEnrolled e) => e.Status == EnrolmentStatus.Confirmed
        ? this with { Confirmed = Confirmed + 1 }
        : this with { Waitlisted = Waitlisted + 1 };

    public Offering Apply(WaitlistJoined _) => this;

    public Offering Apply(EnrolmentWithdrawn e) => e.PreviousStatus == EnrolmentStatus.Confirmed
        ? this with { Confirmed = Confirmed - 1 }
        : this with { Waitlisted = Waitlisted - 1 };

    public Offering Apply(WaitlistedTraineePromoted _) => this with { Confirmed = Confirmed + 1, Waitlisted = Waitlisted - 1 };

    // OfferingCancelled, which always comes first, already emptied the seats and the waitlist.
    public Offering Apply(EnrolmentCancelled _) => this;

    public Offering Apply(AssessmentRecorded _) => this;

    public Offering Apply(EnrolmentCompleted _) => this with { Confirmed = Confirmed - 1, Finished = Finished + 1 };
}
