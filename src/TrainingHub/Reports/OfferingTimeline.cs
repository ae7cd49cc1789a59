using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using TrainingHub.Enrolment;
using TrainingHub.Offerings;

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
/// Dated facts for reports, current part: the offering's version in force now (since <see cref="OfferingVersion.From"/>).
/// Small on purpose: reports read one per offering.
/// </summary>
public sealed class OfferingTimeline
{
    public Guid Id { get; set; }
    public Guid ProgrammeId { get; set; }
    public Guid ProviderId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    /// <summary>Sequence of the last event applied: lets a node's <see cref="ReportFacts"/> fetch only what changed.</summary>
    public long LastSequence { get; set; }
    public required OfferingVersion Current { get; set; }
}

/// <summary>
/// Dated facts for reports, past part: a superseded version, in force over [ValidFrom, ValidTo). A report as of an
/// earlier instant reads the rows whose range contains it (GiST index) instead of replaying events.
/// </summary>
public sealed class OfferingPastVersion
{
    public string Id { get; set; } = "";
    public Guid OfferingId { get; set; }
    public Guid ProgrammeId { get; set; }
    public Guid ProviderId { get; set; }
    public DateTimeOffset ValidFrom { get; set; }
    public DateTimeOffset ValidTo { get; set; }
    public required OfferingVersion Version { get; set; }

    public static string IdOf(Guid offeringId, DateTimeOffset from) => $"{offeringId:N}/{from.UtcTicks}";
}

/// <summary>The projection's working memory of an offering: each enrolment's figures, to recount after any change.</summary>
public sealed class OfferingTally
{
    public Guid Id { get; set; }
    public Dictionary<Guid, EnrolmentFigures> Enrolments { get; set; } = [];
}

/// <summary>
/// Keeps <see cref="OfferingTimeline"/>, <see cref="OfferingPastVersion"/> and <see cref="OfferingTally"/> from the
/// offering streams. A custom projection rather than an aggregation because one event both updates the offering and
/// writes the version it supersedes; state for a whole daemon batch is loaded in two queries.
/// </summary>
public sealed class OfferingTimelineProjection : IProjection
{
    public const string Name = "OfferingTimeline";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var relevant = events.Where(e => IsRelevant(e.Data)).ToArray();
        if (relevant.Length == 0) return;
        var ids = relevant.Select(e => e.StreamId).Distinct().ToArray();
        var timelines = (await operations.LoadManyAsync<OfferingTimeline>(cancellation, ids)).ToDictionary(t => t.Id);
        var tallies = (await operations.LoadManyAsync<OfferingTally>(cancellation, ids)).ToDictionary(t => t.Id);
        var superseded = new List<OfferingPastVersion>();

        foreach (var e in relevant)
        {
            timelines.TryGetValue(e.StreamId, out var timeline);
            if (!tallies.TryGetValue(e.StreamId, out var tally)) tallies[e.StreamId] = tally = new OfferingTally { Id = e.StreamId };
            var next = OfferingFacts.Evolve(timeline, tally, e, superseded);
            if (next is not null) timelines[e.StreamId] = next;
        }

        foreach (var id in ids)
        {
            if (!timelines.TryGetValue(id, out var timeline)) continue; // events of an offering whose schedule was never seen
            operations.Store(timeline);
            operations.Store(tallies[id]);
        }
        // Plain inserts: a version is superseded once, and a failed batch rolls back with its progress.
        if (superseded.Count > 0) operations.Insert(superseded.ToArray());
    }

    private static bool IsRelevant(object data) => data is OfferingScheduled or OfferingRescheduled or OfferingCapacityChanged
        or OfferingCancelled or ParticipationReported or TraineeEnrolled or EnrolmentWithdrawn or WaitlistedTraineePromoted
        or EnrolmentCancelled or EnrolmentCompleted or AssessmentRecorded;
}

/// <summary>The pure part of the projection: how one event moves an offering's dated facts.</summary>
public static class OfferingFacts
{
    /// <summary>
    /// Applies one event; returns the offering's new current state (null before it is scheduled). A version recorded at
    /// a later instant supersedes the current one, which is added to <paramref name="superseded"/>; one recorded in the
    /// same instant (same transaction) replaces it. Instants never go back (see <see cref="Timeline.RecordedAt"/>).
    /// </summary>
    public static OfferingTimeline? Evolve(OfferingTimeline? timeline, OfferingTally tally, IEvent e,
        List<OfferingPastVersion> superseded)
    {
        if (e.Data is OfferingScheduled s)
            return timeline ?? new OfferingTimeline
            {
                Id = s.OfferingId, ProgrammeId = s.ProgrammeId, ProviderId = s.ProviderId, RecordedAt = e.Timestamp,
                LastSequence = e.Sequence,
                Current = new OfferingVersion(e.Timestamp, s.StartDate, s.EndDate, s.DeliveryMode, s.VenueCountry, s.Language,
                    s.Capacity, false, 0, 0, 0, 0, [], new Dictionary<string, int>(), new Dictionary<string, int>(), 0, 0,
                    new Dictionary<string, ScoreTally>(), null),
            };
        if (timeline is null) return null;

        var version = timeline.Current;
        var next = e.Data switch
        {
            OfferingRescheduled r => version with { StartDate = r.StartDate, EndDate = r.EndDate },
            OfferingCapacityChanged c => version with { Capacity = c.Capacity },
            OfferingCancelled => version with { Cancelled = true },
            ParticipationReported p => version with { Reported = p },
            _ => Recount(version, Track(tally, e.Data)),
        };
        if (next == version) return timeline;

        timeline.LastSequence = e.Sequence;
        var at = Timeline.RecordedAt(version.From, e.Timestamp);
        next = next with { From = at };
        if (at > version.From)
            superseded.Add(new OfferingPastVersion
            {
                Id = OfferingPastVersion.IdOf(timeline.Id, version.From), OfferingId = timeline.Id,
                ProgrammeId = timeline.ProgrammeId, ProviderId = timeline.ProviderId, ValidFrom = version.From,
                ValidTo = at, Version = version,
            });
        timeline.Current = next;
        return timeline;
    }

    /// <summary>Updates the remembered figures of the enrolment the event is about.</summary>
    private static OfferingTally Track(OfferingTally tally, object data)
    {
        void Change(Guid enrolmentId, Func<EnrolmentFigures, EnrolmentFigures> change)
        {
            if (tally.Enrolments.TryGetValue(enrolmentId, out var figures)) tally.Enrolments[enrolmentId] = change(figures);
        }

        switch (data)
        {
            case TraineeEnrolled d:
                tally.Enrolments[d.EnrolmentId] = new EnrolmentFigures(d.Status, d.Sex, d.CountryOfResidence,
                    d.OrganisationType, null, null, null, new Dictionary<string, int>(), new Dictionary<string, int>(), null);
                break;
            case EnrolmentWithdrawn d: Change(d.EnrolmentId, f => f with { Status = EnrolmentStatus.Withdrawn }); break;
            case WaitlistedTraineePromoted d: Change(d.EnrolmentId, f => f with { Status = EnrolmentStatus.Confirmed }); break;
            case EnrolmentCancelled d: Change(d.EnrolmentId, f => f with { Status = EnrolmentStatus.Cancelled }); break;
            case EnrolmentCompleted d: Change(d.EnrolmentId, f => f with { Status = d.Outcome, PassMark = d.PassMark }); break;
            case AssessmentRecorded d:
                Change(d.EnrolmentId, f => d.Kind switch
                {
                    AssessmentKind.Pre => f with { Pre = d.Score },
                    AssessmentKind.Post => f with { Post = d.Score, PostStandardScores = d.StandardScores },
                    _ => f with { Final = d.Score, FinalStandardScores = d.StandardScores },
                });
                break;
        }
        return tally;
    }

    /// <summary>Recomputes the figures from every enrolment, so corrections (a later final) replace, never add.</summary>
    private static OfferingVersion Recount(OfferingVersion version, OfferingTally tally)
    {
        var all = tally.Enrolments.Values;
        var seated = all.Where(f => EnrolmentStatus.HoldsSeat(f.Status)).ToArray();
        var completed = all.Where(f => f.Status == EnrolmentStatus.Completed).ToArray();
        var paired = seated.Where(f => f.Pre is not null && f.Post is not null).ToArray();
        return version with
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
            StandardScores = seated.SelectMany(f => f.StandardScores)
                .GroupBy(s => s.Key)
                .ToDictionary(g => g.Key, g => new ScoreTally(g.Sum(s => s.Value), g.Count())),
        };
    }
}
