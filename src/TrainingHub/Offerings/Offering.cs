namespace TrainingHub.Offerings;

public sealed record OfferingScheduled(
    Guid OfferingId,
    Guid ProgrammeId,
    Guid ProviderId,
    DateOnly StartDate,
    DateOnly EndDate,
    string DeliveryMode,
    string? VenueCountry,
    string Language,
    int Capacity,
    DateTimeOffset? EnrolmentOpensAt,
    DateTimeOffset? EnrolmentClosesAt);

public sealed record OfferingRescheduled(
    Guid OfferingId,
    DateOnly StartDate,
    DateOnly EndDate,
    DateTimeOffset? EnrolmentOpensAt,
    DateTimeOffset? EnrolmentClosesAt);

public sealed record OfferingCapacityChanged(Guid OfferingId, int Capacity);

public sealed record OfferingCancelled(Guid OfferingId, string Reason);

/// <summary>An amount in one ISO 4217 currency; amounts in different currencies are never added together.</summary>
public sealed record Money(decimal Amount, string Currency);

/// <summary>One funder's part of an offering: grant, in-kind or own budget.</summary>
public sealed record FundingLine(Guid FunderId, string Kind, decimal Amount, string Currency);

/// <summary>Who funds an offering and what it costs, recorded as a whole (a later record replaces an earlier one).</summary>
public sealed record OfferingFundingRecorded(Guid OfferingId, Money? TotalCost, IReadOnlyList<FundingLine> Funding)
{
    /// <summary>The same figures (records compare lists by reference).</summary>
    public bool SameAs(OfferingFundingRecorded? other) =>
        other is not null && OfferingId == other.OfferingId && TotalCost == other.TotalCost
        && Funding.SequenceEqual(other.Funding);
}

public sealed partial record Offering(
    Guid Id,
    Guid ProgrammeId,
    Guid ProviderId,
    DateOnly StartDate,
    DateOnly EndDate,
    string DeliveryMode,
    string? VenueCountry,
    string Language,
    int Capacity,
    DateTimeOffset? EnrolmentOpensAt,
    DateTimeOffset? EnrolmentClosesAt,
    bool Cancelled)
{
    public int Version { get; init; }

    /// <summary>The latest participation report, so an identical re-send records nothing.</summary>
    public ParticipationReported? Reported { get; init; }

    /// <summary>The latest funding record, so an identical re-send records nothing.</summary>
    public OfferingFundingRecorded? Funding { get; init; }

    public static Offering Create(OfferingScheduled e) => new(e.OfferingId, e.ProgrammeId, e.ProviderId, e.StartDate,
        e.EndDate, e.DeliveryMode, e.VenueCountry, e.Language, e.Capacity, e.EnrolmentOpensAt, e.EnrolmentClosesAt, false);

    public Offering Apply(OfferingRescheduled e) => this with
    {
        StartDate = e.StartDate,
        EndDate = e.EndDate,
        EnrolmentOpensAt = e.EnrolmentOpensAt,
        EnrolmentClosesAt = e.EnrolmentClosesAt,
    };

    public Offering Apply(OfferingCapacityChanged e) => this with { Capacity = e.Capacity };

    public Offering Apply(OfferingFundingRecorded e) => this with { Funding = e };

    // Cancelling cancels every confirmed and waitlisted enrolment (EnrolmentCancelled follows for each).
    public Offering Apply(OfferingCancelled _) => this with { Cancelled = true, Confirmed = 0, Waitlisted = 0 };

    // Every event of the stream needs an Apply, or the snapshot's Version falls behind the stream's.
    public Offering Apply(ParticipationReported e) => this with { Reported = e };

    /// <summary>Without an explicit close, enrolment closes when the offering starts (00:00 UTC).</summary>
    public static DateTimeOffset EffectiveClose(DateOnly startDate, DateTimeOffset? closesAt) =>
        closesAt ?? new DateTimeOffset(startDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

/// <summary>
/// Participation reported after the fact for training run outside TrainingHub (mapping). The latest report
/// replaces earlier ones; reports add it to tracked enrolments and also show it apart.
/// </summary>
/// <summary>Participation reported after the fact; <see cref="Countries"/> (participants per country of residence) came
/// later and is absent from earlier reports.</summary>
public sealed record ParticipationReported(Guid OfferingId, int Participants, int Female, int Completed, int Passed,
    IReadOnlyDictionary<string, int>? Countries = null)
{
    /// <summary>The same figures (records compare dictionaries by reference).</summary>
    public bool SameAs(ParticipationReported? other) =>
        other is not null && (OfferingId, Participants, Female, Completed, Passed) ==
        (other.OfferingId, other.Participants, other.Female, other.Completed, other.Passed)
        && (Countries ?? Empty).Count == (other.Countries ?? Empty).Count
        && (Countries ?? Empty).All(c => (other.Countries ?? Empty).TryGetValue(c.Key, out var n) && n == c.Value);

    private static readonly IReadOnlyDictionary<string, int> Empty = new Dictionary<string, int>();
}
