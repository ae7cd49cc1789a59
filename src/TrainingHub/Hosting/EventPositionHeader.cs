using System.Globalization;
using Marten;
using Marten.Services;

namespace TrainingHub.Hosting;

/// <summary>
/// Every answer to a write that recorded events carries <c>Event-Position</c>: the highest event store position its
/// events took. A report asked with that <c>minPosition</c> includes the write. A Marten listener sees every committed
/// session whichever path wrote it (Wolverine's aggregate workflow, the command write path, the import's request).
/// Sequences are known once committed: Marten's quick append returns them.
/// </summary>
public sealed class EventPositionHeader(IHttpContextAccessor accessor) : DocumentSessionListenerBase
{
    public const string Name = "Event-Position";

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        long position = 0;
        foreach (var recorded in commit.GetEvents()) position = Math.Max(position, recorded.Sequence);
        // No request (the daemon, a background import) or an answer already on its way: nobody to tell.
        if (position == 0 || accessor.HttpContext is not { Response.HasStarted: false } http) return Task.CompletedTask;

        var headers = http.Response.Headers;
        // A request that commits twice tells the later, higher position.
        if (!long.TryParse(headers[Name], CultureInfo.InvariantCulture, out var earlier) || earlier < position)
            headers[Name] = position.ToString(CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }
}
