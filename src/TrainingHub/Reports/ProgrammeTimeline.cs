using JasperFx.Events;
using Marten.Events.Aggregation;
using TrainingHub.Catalogue;
using TrainingHub.Reference;

namespace TrainingHub.Reports;

/// <summary>A programme's report-relevant attributes from one recorded instant on.</summary>
public sealed record ProgrammeVersion(
    DateTimeOffset From,
    Guid ProviderId,
    string Title,
    string Level,
    IReadOnlyList<string> Disciplines,
    IReadOnlyList<string> Standards,
    IReadOnlyList<string> ServedRegions,
    bool Retired,
    // Added later: documents projected before it have none until ProgrammeTimeline is rebuilt.
    IReadOnlyList<string>? TargetAudiences = null,
    // Added later too: which countries it names (an offering without a venue counts for a country group through them).
    IReadOnlyList<string>? Countries = null,
    // Added later too: the partners that organise it with its provider (its offerings never overlap theirs).
    IReadOnlyList<Guid>? CoOrganisers = null,
    // Added later too: the element tags its modules teach, whether it trains trainers, and how many modules it has
    // (a curriculum as of asOf is one with at least one module).
    IReadOnlyList<string>? Elements = null,
    bool? TrainsTrainers = null,
    int? Modules = null)
{
    /// <summary>The provider and its co-organisers.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<Guid> Organisers => CoOrganisers is { Count: > 0 } partners ? [ProviderId, .. partners] : [ProviderId];
}

/// <summary>
/// Dated facts: every version of the programme with the instant it was recorded, so a report as of any date reads
/// the version then in force instead of replaying events.
/// </summary>
public sealed class ProgrammeTimeline
{
    public Guid Id { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    /// <summary>Sequence of the last event applied: lets a node's <see cref="ReportFacts"/> fetch only what changed.</summary>
    public long LastSequence { get; set; }
    public List<ProgrammeVersion> Versions { get; set; } = [];

    public ProgrammeVersion? At(DateTimeOffset asOf) => Timeline.At(Versions, v => v.From, asOf);
}

public sealed partial class ProgrammeTimelineProjection : SingleStreamProjection<ProgrammeTimeline, Guid>
{
    public ProgrammeTimeline Create(IEvent<ProgrammeRegistered> e)
    {
        var timeline = new ProgrammeTimeline { Id = e.Data.ProgrammeId, RecordedAt = e.Timestamp, LastSequence = e.Sequence };
        Timeline.Record(timeline.Versions, VersionOf(e.Timestamp, e.Data.ProviderId, e.Data.Details, false), v => v.From);
        return timeline;
    }

    public void Apply(IEvent<ProgrammeRevised> e, ProgrammeTimeline timeline)
    {
        var current = timeline.Versions[^1];
        timeline.LastSequence = e.Sequence;
        Timeline.Record(timeline.Versions,
            VersionOf(Timeline.RecordedAt(current.From, e.Timestamp), current.ProviderId, e.Data.Details, current.Retired),
            v => v.From);
    }

    public void Apply(IEvent<ProgrammeRetired> e, ProgrammeTimeline timeline)
    {
        var current = timeline.Versions[^1];
        timeline.LastSequence = e.Sequence;
        Timeline.Record(timeline.Versions,
            current with { From = Timeline.RecordedAt(current.From, e.Timestamp), Retired = true }, v => v.From);
    }

    private static ProgrammeVersion VersionOf(DateTimeOffset at, Guid providerId, ProgrammeDetails details, bool retired) =>
        new(at, providerId, details.Title, details.Level, details.Disciplines, details.Standards,
            ReferenceData.Current.ServedRegions(details.Regions, details.Countries), retired, details.TargetAudiences,
            details.Countries, [.. PartnerRoles.Organisers(providerId, details.Partners).Skip(1)],
            ProgrammeModule.ElementsOf(details.Modules), details.TrainsTrainers ?? false, details.Modules?.Count ?? 0);
}

public static class Timeline
{
    /// <summary>
    /// The instant a change counts from: its event's timestamp, but never before the version it follows. Timestamps
    /// are taken when a transaction starts, so one that waited for a stream's lock can commit after a later-started
    /// one; its change became visible no earlier than the version before it, and versions must stay in order.
    /// </summary>
    public static DateTimeOffset RecordedAt(DateTimeOffset previous, DateTimeOffset timestamp) =>
        timestamp > previous ? timestamp : previous;

    /// <summary>Appends a version, or replaces the last one when recorded in the same instant (same transaction).</summary>
    public static void Record<T>(List<T> versions, T version, Func<T, DateTimeOffset> from)
    {
        if (versions.Count > 0 && from(versions[^1]) == from(version)) versions[^1] = version;
        else versions.Add(version);
    }

    /// <summary>The version in force at <paramref name="asOf"/>: the last one recorded at or before it.</summary>
    public static T? At<T>(List<T> versions, Func<T, DateTimeOffset> from, DateTimeOffset asOf) where T : class =>
        IndexAt(versions, from, asOf) is var index and >= 0 ? versions[index] : null;

    /// <summary>Where <see cref="At{T}"/>'s version is in the list; -1 before the first.</summary>
    public static int IndexAt<T>(List<T> versions, Func<T, DateTimeOffset> from, DateTimeOffset asOf)
    {
        int low = 0, high = versions.Count - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (from(versions[middle]) <= asOf) { found = middle; low = middle + 1; }
            else high = middle - 1;
        }
        return found;
    }
}
