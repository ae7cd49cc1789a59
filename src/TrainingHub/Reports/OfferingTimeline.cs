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
    ParticipationReported? Reported,
    OfferingFundingRecorded? Funding = null,
    // Added later: versions projected before evaluations existed have none.
    EvaluationFigures? Evaluation = null);

/// <summary>
/// An offering's evaluation: the answers recorded per enrolment (measured) as sums, and apart from them the provider's
/// latest anonymous summary (<see cref="Reported"/>).
/// </summary>
public sealed record EvaluationFigures(int Reactions, int SatisfactionSum, int RelevanceSum, int WouldRecommend,
    int FollowUps, int Applied, int PracticeChanged, IReadOnlyDictionary<string, int> StandardsUsed,
    EvaluationSummaryReported? Reported)
{
    public static readonly EvaluationFigures None = new(0, 0, 0, 0, 0, 0, 0, new Dictionary<string, int>(), null);

    public EvaluationFigures With(ReactionRecorded r) => this with
    {
        Reactions = Reactions + 1,
        SatisfactionSum = SatisfactionSum + r.Satisfaction,
        RelevanceSum = RelevanceSum + r.Relevance,
        WouldRecommend = WouldRecommend + (r.WouldRecommend ? 1 : 0),
    };

    public EvaluationFigures With(FollowUpRecorded f)
    {
        var used = new Dictionary<string, int>(StandardsUsed);
        foreach (var standard in f.StandardsUsed) used[standard] = used.GetValueOrDefault(standard) + 1;
        return this with
        {
            FollowUps = FollowUps + 1,
            Applied = Applied + (f.AppliedAtWork ? 1 : 0),
            PracticeChanged = PracticeChanged + (f.PracticeChanged ? 1 : 0),
            StandardsUsed = used,
        };
    }
}

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

/// <summary>
/// The projection's running sums over an offering's enrolments. Each change to an enrolment takes out its old figures
/// and adds its new ones, so the cost of an event does not grow with the offering (a recount over every enrolment did,
/// and so did rewriting a document that held them all).
/// </summary>
public sealed class OfferingTally
{
    public Guid Id { get; set; }
    public int SeatHolders { get; set; }
    public int Waitlisted { get; set; }
    public int Completed { get; set; }
    public int Passed { get; set; }
    public Dictionary<string, int> CompletedByCountry { get; set; } = [];
    public Dictionary<string, int> SeatHoldersBySex { get; set; } = [];
    public Dictionary<string, int> SeatHoldersByOrganisationType { get; set; } = [];
    public double GainSum { get; set; }
    public int GainPairs { get; set; }
    public Dictionary<string, ScoreTally> StandardScores { get; set; } = [];

    /// <summary>Adds (<paramref name="sign"/> 1) or takes out (-1) one enrolment's figures.</summary>
    public void Count(EnrolmentFigures? f, int sign)
    {
        if (f is null) return;
        if (f.Status == EnrolmentStatus.Waitlisted) Waitlisted += sign;
        if (f.Status == EnrolmentStatus.Completed)
        {
            Completed += sign;
            if (f.Passed) Passed += sign;
            Add(CompletedByCountry, f.Country, sign);
        }
        if (!EnrolmentStatus.HoldsSeat(f.Status)) return;
        SeatHolders += sign;
        Add(SeatHoldersBySex, f.Sex, sign);
        Add(SeatHoldersByOrganisationType, f.OrganisationType, sign);
        if (f is { Pre: { } pre, Post: { } post })
        {
            GainSum += sign * (post - pre);
            GainPairs += sign;
        }
        foreach (var (standard, score) in f.StandardScores)
        {
            var tally = StandardScores.GetValueOrDefault(standard, new ScoreTally(0, 0));
            tally = new ScoreTally(tally.Sum + sign * score, tally.Count + sign);
            if (tally.Count == 0) StandardScores.Remove(standard);
            else StandardScores[standard] = tally;
        }
    }

    private static void Add(Dictionary<string, int> counts, string key, int sign)
    {
        var count = counts.GetValueOrDefault(key) + sign;
        if (count == 0) counts.Remove(key);
        else counts[key] = count;
    }
}

/// <summary>One enrolment's figures as the projection last saw them: loaded only for the enrolments a batch touches.</summary>
public sealed record EnrolmentTally(Guid Id, EnrolmentFigures Figures);

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
        var enrolmentIds = relevant.Select(e => OfferingFacts.EnrolmentOf(e.Data)).OfType<Guid>().Distinct().ToArray();
        var timelines = (await operations.LoadManyAsync<OfferingTimeline>(cancellation, ids)).ToDictionary(t => t.Id);
        var tallies = (await operations.LoadManyAsync<OfferingTally>(cancellation, ids)).ToDictionary(t => t.Id);
        var figures = (await operations.LoadManyAsync<EnrolmentTally>(cancellation, enrolmentIds))
            .ToDictionary(t => t.Id, t => t.Figures);
        var superseded = new List<OfferingPastVersion>();

        foreach (var e in relevant)
        {
            timelines.TryGetValue(e.StreamId, out var timeline);
            if (!tallies.TryGetValue(e.StreamId, out var tally)) tallies[e.StreamId] = tally = new OfferingTally { Id = e.StreamId };
            var next = OfferingFacts.Evolve(timeline, tally, figures, e, superseded);
            if (next is not null) timelines[e.StreamId] = next;
        }

        foreach (var id in ids)
        {
            if (!timelines.TryGetValue(id, out var timeline)) continue; // events of an offering whose schedule was never seen
            operations.Store(timeline);
            operations.Store(tallies[id]);
        }
        foreach (var id in enrolmentIds)
            if (figures.TryGetValue(id, out var f)) operations.Store(new EnrolmentTally(id, f));
        // Plain inserts: a version is superseded once, and a failed batch rolls back with its progress.
        if (superseded.Count > 0) operations.Insert(superseded.ToArray());
    }

    private static bool IsRelevant(object data) => data is OfferingScheduled or OfferingRescheduled or OfferingCapacityChanged
        or OfferingCancelled or ParticipationReported or OfferingFundingRecorded or ReactionRecorded or FollowUpRecorded
        or EvaluationSummaryReported or TraineeEnrolled or EnrolmentWithdrawn or WaitlistedTraineePromoted
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
    public static OfferingTimeline? Evolve(OfferingTimeline? timeline, OfferingTally tally,
        IDictionary<Guid, EnrolmentFigures> figures, IEvent e, List<OfferingPastVersion> superseded)
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
            OfferingFundingRecorded f => version with { Funding = f },
            ReactionRecorded r => version with { Evaluation = (version.Evaluation ?? EvaluationFigures.None).With(r) },
            FollowUpRecorded f => version with { Evaluation = (version.Evaluation ?? EvaluationFigures.None).With(f) },
            EvaluationSummaryReported r => version with { Evaluation = (version.Evaluation ?? EvaluationFigures.None) with { Reported = r } },
            _ => Recount(version, Track(tally, figures, e.Data)),
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

    /// <summary>The enrolment an event is about, if any.</summary>
    public static Guid? EnrolmentOf(object data) => data switch
    {
        TraineeEnrolled d => d.EnrolmentId,
        EnrolmentWithdrawn d => d.EnrolmentId,
        WaitlistedTraineePromoted d => d.EnrolmentId,
        EnrolmentCancelled d => d.EnrolmentId,
        EnrolmentCompleted d => d.EnrolmentId,
        AssessmentRecorded d => d.EnrolmentId,
        _ => null,
    };

    /// <summary>Updates the remembered figures of the enrolment the event is about, and the sums by the difference.</summary>
    private static OfferingTally Track(OfferingTally tally, IDictionary<Guid, EnrolmentFigures> figures, object data)
    {
        if (EnrolmentOf(data) is not { } enrolmentId) return tally;
        var before = figures.TryGetValue(enrolmentId, out var known) ? known : null;
        EnrolmentFigures? after = data switch
        {
            TraineeEnrolled d => new EnrolmentFigures(d.Status, d.Sex, d.CountryOfResidence, d.OrganisationType, null, null,
                null, new Dictionary<string, int>(), new Dictionary<string, int>(), null),
            _ when before is null => null,
            EnrolmentWithdrawn => before with { Status = EnrolmentStatus.Withdrawn },
            WaitlistedTraineePromoted => before with { Status = EnrolmentStatus.Confirmed },
            EnrolmentCancelled => before with { Status = EnrolmentStatus.Cancelled },
            EnrolmentCompleted d => before with { Status = d.Outcome, PassMark = d.PassMark },
            AssessmentRecorded { Kind: AssessmentKind.Pre } d => before with { Pre = d.Score },
            AssessmentRecorded { Kind: AssessmentKind.Post } d => before with { Post = d.Score, PostStandardScores = d.StandardScores },
            AssessmentRecorded d => before with { Final = d.Score, FinalStandardScores = d.StandardScores },
            _ => before,
        };
        if (after is null) return tally;
        tally.Count(before, -1);
        tally.Count(after, +1);
        figures[enrolmentId] = after;
        return tally;
    }

    /// <summary>The offering's figures from the running sums: corrections (a later final) replace, never add.</summary>
    private static OfferingVersion Recount(OfferingVersion version, OfferingTally tally) => version with
    {
        Confirmed = tally.SeatHolders,
        Waitlisted = tally.Waitlisted,
        Completed = tally.Completed,
        Passed = tally.Passed,
        CompletedCountries = [.. tally.CompletedByCountry.Keys.Order(StringComparer.Ordinal)],
        SeatHoldersBySex = new Dictionary<string, int>(tally.SeatHoldersBySex),
        SeatHoldersByOrganisationType = new Dictionary<string, int>(tally.SeatHoldersByOrganisationType),
        GainSum = tally.GainSum,
        GainPairs = tally.GainPairs,
        StandardScores = new Dictionary<string, ScoreTally>(tally.StandardScores),
    };
}
