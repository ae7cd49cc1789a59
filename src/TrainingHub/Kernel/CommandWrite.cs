using Marten;
using Microsoft.AspNetCore.Mvc;

namespace TrainingHub.Kernel;

/// <summary>Events for one stream: appended to it, or, with <see cref="StartAs"/>, starting it. With
/// <see cref="VersionAfter"/>, the append fails (412/409) unless the stream ends at that version afterwards: how a
/// change without a lock guards against a concurrent one (optimistic concurrency).</summary>
public sealed record StreamEvents(Guid StreamId, IReadOnlyList<object> Events, Type? StartAs = null, long? VersionAfter = null)
{
    public static StreamEvents Start<TAggregate>(Guid streamId, IReadOnlyList<object> events) =>
        new(streamId, events, typeof(TAggregate));

    public static StreamEvents AppendAt(Guid streamId, long currentVersion, IReadOnlyList<object> events) =>
        new(streamId, events, VersionAfter: currentVersion + events.Count);
}

/// <summary>What a command decided: a refusal, or the events to record and how to answer once they are committed
/// (the answer reads the views the events just projected inline).</summary>
public sealed record Verdict(
    ProblemDetails Problem,
    IReadOnlyList<StreamEvents> Changes,
    Func<IQuerySession, CancellationToken, Task<IResult>> Answer)
{
    /// <summary>The refusal when <paramref name="problem"/> is one, else what <paramref name="record"/> decides.</summary>
    public static Verdict Unless(ProblemDetails problem, Func<Verdict> record) => problem.IsNone() ? record() : Refuse(problem);

    public static Verdict Refuse(ProblemDetails problem) => new(problem, [], (_, _) => Task.FromResult(Refusal(problem)));

    public static Verdict Record(IReadOnlyList<StreamEvents> changes, Func<IQuerySession, CancellationToken, Task<IResult>> answer) =>
        new(Problems.None, changes, answer);

    private static IResult Refusal(ProblemDetails problem) => TypedResults.Problem(problem);
}

/// <summary>
/// The one write path of every command that reads streams before it changes them. <c>read</c> takes whatever the
/// decision must see, including the lock a seat decision needs (its first round trip, so the reads run once the lock
/// is granted); <c>decide</c> is pure; every stream's events are appended and committed in one transaction. A unique
/// index that refuses the write means a concurrent request won a race the reads could not see (the same person or
/// Idempotency-Key at once): the command is read and decided again, and then sees the winner.
/// </summary>
public static class CommandWrite
{
    private const int Attempts = 3;

    public static async Task<IResult> Run<TState>(IDocumentStore store, Guid actingOrganisationId,
        Func<IDocumentSession, CancellationToken, Task<TState>> read, Func<TState, Verdict> decide, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            // Every event records the acting organisation (user_name), as Wolverine's own sessions do.
            session.LastModifiedBy = actingOrganisationId.ToString();
            var verdict = decide(await read(session, ct));
            if (!verdict.Problem.IsNone()) return TypedResults.Problem(verdict.Problem);

            foreach (var change in verdict.Changes.Where(c => c.Events.Count > 0))
            {
                if (change.StartAs is { } aggregate) session.Events.StartStream(aggregate, change.StreamId, [.. change.Events]);
                else if (change.VersionAfter is { } version) session.Events.Append(change.StreamId, version, [.. change.Events]);
                else session.Events.Append(change.StreamId, [.. change.Events]);
            }
            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (Exception e) when (attempt < Attempts && DatabaseErrors.IsUniqueViolation(e))
            {
                continue;
            }
            return await verdict.Answer(session, ct);
        }
    }
}
