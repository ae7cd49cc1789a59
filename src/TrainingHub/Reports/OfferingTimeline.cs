using JasperFx.Events;
using Marten.Events.Aggregation;
using TrainingHub.Catalogue;
using TrainingHub.Enrolment;

namespace TrainingHub.Reports;

/// <summary>Per-standard sum and count of scores, so means can be combined across offerings.</summary>
public sealed record ScoreTally(double Sum, int Count);

/// <summary>An offering's schedule and enrolment figures from one recorded instant on. No personal data.</summary>
public sealed record OfferingVersion(
    DateTimeOffset From,
    DateOnly StartDate,
    DateOnly EndDate,
    string DeliveryMode,
    string? VenueCountry,
    string Language,
    int Capacity,
    bool Cancelled,
    int Confirmed,
    int Waitlisted,
    int Completed,
    int Passed,
    IReadOnlyList<string> CompletedCountries,
    IReadOnlyDictionary<string, int> SeatHoldersBySex,
    IReadOnlyDictionary<string, int> SeatHoldersByOrganisationType,
    double GainSum,
    int GainPairs,
    IReadOnlyDictionary<string, ScoreTally> StandardScores,
    ParticipationReported? Reported);

/// <summary>What the projection must remember about each enrolment to recompute an offering's figures.</summary>
public sealed record EnrolmentFigures(
    string Status, string Sex, string Country, string OrganisationType, int? Pre, int? Post, int? Final,
    IReadOnlyDictionary<string, int> PostStandardScores, IReadOnlyDictionary<string, int> FinalStandardScores,
    int? PassMark)
{
    public int? Score => Final ?? Post;

    public bool Passed => Status == EnrolmentStatus.Completed && PassMark is { } mark && Score is { } s && s >= mark;

    /// <summary>Latest final's standard scores, else the post assessment's.</summary>
    public IReadOnlyDictionary<string, int> StandardScores => FinalStandardScores.Count > 0 ? FinalStandardScores : PostStandardScores;
}

/// <summary>
/// Dated facts for reports: the offering's versions, each with the instant it was recorded. Kept by the async daemon
/// from the offering stream (schedule, seats, assessments, outcomes, reported participation).
/// </summary>
public sealed class OfferingTimeline
{
    public Guid Id { get; set; }
    public Guid ProgrammeId { get; set; }
    public Guid ProviderId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public Dictionary<Guid, EnrolmentFigures> Enrolments { get; set; } = [];
    public List<OfferingVersion> Versions { get; set; } = [];

    public OfferingVersion? At(DateTimeOffset asOf) => Timeline.At(Versions, v => v.From, asOf);
}

public sealed partial class OfferingTimelineProjection : SingleStreamProjection<OfferingTimeline, Guid>
{
    public OfferingTimeline Create(IEvent<OfferingScheduled> e)
    {
        var s = e.Data;
        var timeline = new OfferingTimeline
        {
            Id = s.OfferingId, ProgrammeId = s.ProgrammeId, ProviderId = s.ProviderId, RecordedAt = e.Timestamp,
        };
        timeline.Versions.Add(new OfferingVersion(e.Timestamp, s.StartDate, s.EndDate, s.DeliveryMode, s.VenueCountry,
            s.Language, s.Capacity, false, 0, 0, 0, 0, [], new Dictionary<string, int>(), new Dictionary<string, int>(), 0, 0,
            new Dictionary<string, ScoreTally>(), null));
        return timeline;
    }

    public void Apply(IEvent<OfferingRescheduled> e, OfferingTimeline t) =>
        Record(t, e, v => v with { StartDate = e.Data.StartDate, EndDate = e.Data.EndDate });

    public void Apply(IEvent<OfferingCapacityChanged> e, OfferingTimeline t) => Record(t, e, v => v with { Capacity = e.Data.Capacity });

    public void Apply(IEvent<OfferingCancelled> e, OfferingTimeline t) => Record(t, e, v => v with { Cancelled = true });

    public void Apply(IEvent<ParticipationReported> e, OfferingTimeline t) => Record(t, e, v => v with { Reported = e.Data });

    public void Apply(IEvent<TraineeEnrolled> e, OfferingTimeline t)
    {
        var d = e.Data;
        t.Enrolments[d.EnrolmentId] = new EnrolmentFigures(d.Status, d.Sex, d.CountryOfResidence, d.OrganisationType,
            null, null, null, new Dictionary<string, int>(), new Dictionary<string, int>(), null);
        Recount(t, e);
    }

    public void Apply(IEvent<EnrolmentWithdrawn> e, OfferingTimeline t) => Change(t, e, e.Data.EnrolmentId, f => f with { Status = EnrolmentStatus.Withdrawn });

    public void Apply(IEvent<WaitlistedTraineePromoted> e, OfferingTimeline t) => Change(t, e, e.Data.EnrolmentId, f => f with { Status = EnrolmentStatus.Confirmed });

    public void Apply(IEvent<EnrolmentCancelled> e, OfferingTimeline t) => Change(t, e, e.Data.EnrolmentId, f => f with { Status = EnrolmentStatus.Cancelled });

    public void Apply(IEvent<EnrolmentCompleted> e, OfferingTimeline t) =>
        Change(t, e, e.Data.EnrolmentId, f => f with { Status = e.Data.Outcome, PassMark = e.Data.PassMark });

    public void Apply(IEvent<AssessmentRecorded> e, OfferingTimeline t) => Change(t, e, e.Data.EnrolmentId, f => e.Data.Kind switch
    {
        AssessmentKind.Pre => f with { Pre = e.Data.Score },
        AssessmentKind.Post => f with { Post = e.Data.Score, PostStandardScores = e.Data.StandardScores },
        _ => f with { Final = e.Data.Score, FinalStandardScores = e.Data.StandardScores },
    });

    private static void Change(OfferingTimeline t, IEvent e, Guid enrolmentId, Func<EnrolmentFigures, EnrolmentFigures> change)
    {
        if (t.Enrolments.TryGetValue(enrolmentId, out var figures)) t.Enrolments[enrolmentId] = change(figures);
        Recount(t, e);
    }

    private static void Record(OfferingTimeline t, IEvent e, Func<OfferingVersion, OfferingVersion> change) =>
        Timeline.Record(t.Versions, change(t.Versions[^1]) with { From = e.Timestamp }, v => v.From);

    /// <summary>Recomputes the figures from every enrolment, so corrections (a later final) replace, never add.</summary>
    private static void Recount(OfferingTimeline t, IEvent e)
    {
        var all = t.Enrolments.Values;
        var seated = all.Where(f => EnrolmentStatus.HoldsSeat(f.Status)).ToArray();
        var completed = all.Where(f => f.Status == EnrolmentStatus.Completed).ToArray();
        var paired = seated.Where(f => f.Pre is not null && f.Post is not null).ToArray();
        var standardScores = seated.SelectMany(f => f.StandardScores)
            .GroupBy(s => s.Key)
            .ToDictionary(g => g.Key, g => new ScoreTally(g.Sum(s => s.Value), g.Count()));

        Record(t, e, v => v with
        {
            Confirmed = seated.Length,
            Waitlisted = all.Count(f => f.Status == EnrolmentStatus.Waitlisted),
            Completed = completed.Length,
            Passed = completed.Count(f => f.Passed),
            CompletedCountries = [.. completed.Select(f => f.Country).Distinct().Order(StringComparer.Ordinal)],
            SeatHoldersBySex = seated.GroupBy(f => f.Sex).ToDictionary(g => g.Key, g => g.Count()),
            SeatHoldersByOrganisationType = seated.GroupBy(f => f.OrganisationType).ToDictionary(g => g.Key, g => g.Count()),
            GainSum = paired.Sum(f => f.Post!.Value - f.Pre!.Value),
            GainPairs = paired.Length,
            StandardScores = standardScores,
        });
    }
}
