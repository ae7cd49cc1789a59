using JasperFx.Events;
using Marten.Events.Aggregation;
using TrainingHub.Needs;

namespace TrainingHub.Reports;

/// <summary>A training need as reports compare it, from one recorded instant on.</summary>
public sealed record NeedVersion(DateTimeOffset From, NeedDetails Details, string Status);

/// <summary>
/// Dated facts of a training need: every version with the instant it was recorded, so a report as of any date reads
/// the version then in force. Kept inline: a country that records a need reads it in the report at once.
/// </summary>
public sealed class NeedTimeline
{
    public Guid Id { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public List<NeedVersion> Versions { get; set; } = [];

    public NeedVersion? At(DateTimeOffset asOf) => Timeline.At(Versions, v => v.From, asOf);
}

public sealed partial class NeedTimelineProjection : SingleStreamProjection<NeedTimeline, Guid>
{
    public NeedTimeline Create(IEvent<TrainingNeedRecorded> e)
    {
        var timeline = new NeedTimeline { Id = e.Data.NeedId, RecordedAt = e.Timestamp };
        timeline.Versions.Add(new NeedVersion(e.Timestamp, e.Data.Details, NeedStatus.Open));
        return timeline;
    }

    public void Apply(IEvent<TrainingNeedRevised> e, NeedTimeline timeline) =>
        Record(timeline, e, current => current with { Details = e.Data.Details });

    public void Apply(IEvent<TrainingNeedMet> e, NeedTimeline timeline) =>
        Record(timeline, e, current => current with { Status = NeedStatus.Met });

    public void Apply(IEvent<TrainingNeedWithdrawn> e, NeedTimeline timeline) =>
        Record(timeline, e, current => current with { Status = NeedStatus.Withdrawn });

    private static void Record(NeedTimeline timeline, IEvent e, Func<NeedVersion, NeedVersion> change)
    {
        var current = timeline.Versions[^1];
        Timeline.Record(timeline.Versions,
            change(current) with { From = Timeline.RecordedAt(current.From, e.Timestamp) }, v => v.From);
    }
}
