using JasperFx.Events;

namespace TrainingHub.Bench.Generator;

/// <summary>An event with the instant it was recorded and the organisation that acted (Marten's user_name).</summary>
public readonly record struct Stamped(object Data, DateTimeOffset At, Guid Actor);

/// <summary>One new stream, with every event it will ever have: the bulk path only creates streams.</summary>
public sealed record PlannedStream(Guid Id, Type Aggregate, List<Stamped> Events);

public static class Streams
{
    /// <summary>
    /// Builds Marten's stream action with the metadata the app would have recorded: the event's own time and the
    /// acting organisation's id as user name (what Wolverine's EnableRelayOfUserName writes from Identity.Name).
    /// </summary>
    public static StreamAction ToAction(IEventRegistry registry, PlannedStream stream, Rng rng)
    {
        var action = StreamAction.Start(registry, stream.Id, [.. stream.Events.Select(e => e.Data)]);
        action.AggregateType = stream.Aggregate;
        for (var i = 0; i < stream.Events.Count; i++)
        {
            var planned = stream.Events[i];
            var e = action.Events[i];
            e.Timestamp = planned.At;
            e.UserName = planned.Actor.ToString();
            e.Id = Ids.Version7(planned.At, rng);
            // Marten assigns seq_ids within one bulk batch in the order of the Sequence the events carry, so the
            // global order of a batch follows recorded time; streams keep their own order (stable sort, and time
            // never goes backwards within a stream).
            e.Sequence = planned.At.UtcTicks;
        }
        return action;
    }

    /// <summary>Time within a stream must move on between transactions; events of one transaction share it.</summary>
    public static DateTimeOffset After(DateTimeOffset wanted, DateTimeOffset last)
    {
        var at = Clock.WholeSecond(wanted);
        return at > last ? at : last.AddSeconds(1);
    }
}
