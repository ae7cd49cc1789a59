using System.Diagnostics;
using System.Threading.Channels;
using JasperFx.Events;
using Marten;

namespace TrainingHub.Bench.Generator;

/// <summary>
/// Collects whole streams and hands them, a few thousand at a time, to Marten's COPY-based bulk append
/// (BulkInsertEventsAsync: one transaction per batch). Writers run beside the generating thread, so generating the
/// next batch overlaps with writing the previous ones; with two writers, two PostgreSQL backends parse and index in
/// parallel. At most a few batches wait in memory.
/// </summary>
public sealed class BulkWriter : IAsyncDisposable
{
    private const int MaxStreamsPerBatch = 5_000;
    private const int MaxEventsPerBatch = 40_000;
    // Rows per COPY statement inside one batch (Marten's batchSize).
    private const int CopyBlock = 20_000;

    private readonly IDocumentStore _store;
    private readonly IEventRegistry _registry;
    private readonly long _seed;
    private readonly Statistics _stats;
    private readonly bool _dryRun;
    private readonly Channel<List<StreamAction>> _batches;
    private readonly Task[] _writers;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Stopwatch _waiting = new();
    private List<StreamAction> _pending = [];
    private int _pendingEvents;
    private int _batchNumber;
    private long _written;
    private long _nextReport = 1_000_000;
    private long _copyTicks;

    public BulkWriter(IDocumentStore store, IEventRegistry registry, long seed, Statistics stats, int writers, bool dryRun)
    {
        _store = store;
        _registry = registry;
        _seed = seed;
        _stats = stats;
        _dryRun = dryRun;
        _batches = Channel.CreateBounded<List<StreamAction>>(writers + 1);
        _writers = [.. Enumerable.Range(0, writers).Select(_ => Task.Run(WriteAsync))];
    }

    /// <summary>How long generation waited for the writers, and the writers' summed time inside the bulk append.</summary>
    public (TimeSpan Waiting, TimeSpan Copying) Timings => (_waiting.Elapsed, TimeSpan.FromTicks(Interlocked.Read(ref _copyTicks)));

    public async ValueTask AddAsync(PlannedStream stream)
    {
        // Seeded per batch position, and batches are cut deterministically, so a seed always gives the same event ids.
        var action = Streams.ToAction(_registry, stream, Rng.For(_seed, "event-ids", ((long)_batchNumber << 20) + _pending.Count));
        _pending.Add(action);
        _pendingEvents += stream.Events.Count;
        _stats.Streams++;
        if (_pending.Count >= MaxStreamsPerBatch || _pendingEvents >= MaxEventsPerBatch) await FlushAsync();
    }

    public async ValueTask FlushAsync()
    {
        if (_pending.Count == 0) return;
        var batch = _pending;
        _pending = [];
        _pendingEvents = 0;
        _batchNumber++;
        _waiting.Start();
        await _batches.Writer.WriteAsync(batch);
        _waiting.Stop();
    }

    private async Task WriteAsync()
    {
        try
        {
            await foreach (var batch in _batches.Reader.ReadAllAsync())
            {
                var started = Stopwatch.GetTimestamp();
                if (!_dryRun) await _store.BulkInsertEventsAsync(batch, CopyBlock);
                Interlocked.Add(ref _copyTicks, Stopwatch.GetElapsedTime(started).Ticks);
                var written = Interlocked.Add(ref _written, batch.Sum(s => s.Events.Count));
                var report = Interlocked.Read(ref _nextReport);
                if (written >= report && Interlocked.CompareExchange(ref _nextReport, report + 1_000_000, report) == report)
                    Console.WriteLine($"  {written,10:N0} events written, {_clock.Elapsed.TotalSeconds,5:F0} s");
            }
        }
        catch (Exception e)
        {
            // Unblocks the generating thread, whose next hand-over then fails instead of waiting forever.
            _batches.Writer.TryComplete(e);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await FlushAsync();
        }
        finally
        {
            _batches.Writer.TryComplete();
            await Task.WhenAll(_writers);
        }
    }
}
