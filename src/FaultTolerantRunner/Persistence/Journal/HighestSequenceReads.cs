using System.Threading.Channels;

namespace FaultTolerantRunner.Persistence.Journal;

/// <summary>
/// Highest-sequence-number reads coalesced: every entity that starts asks for its own, and when many start together
/// (a burst of new tasks, a rebalance, a node's shards coming back) the ones waiting are answered by one query for all
/// their ids instead of one round trip each.
/// </summary>
internal sealed class HighestSequenceReads
{
    private readonly JournalStore _store;
    private readonly Func<CancellationToken, Task> _ready;
    private readonly int _maxIds;
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>();
    private readonly Task[] _loops;
    private readonly CancellationTokenSource _stopping = new();

    public HighestSequenceReads(JournalStore store, Func<CancellationToken, Task> ready, int readers, int maxIds)
    {
        _store = store;
        _ready = ready;
        _maxIds = maxIds;
        _loops = Enumerable.Range(0, readers).Select(_ => Task.Run(RunAsync)).ToArray();
    }

    public Task<long> ReadAsync(string persistenceId)
    {
        var request = new Request(persistenceId, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_requests.Writer.TryWrite(request))
            request.Done.TrySetException(new InvalidOperationException("the journal is stopping"));
        return request.Done.Task;
    }

    private async Task RunAsync()
    {
        var cancellation = _stopping.Token;
        var batch = new List<Request>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (await _requests.Reader.WaitToReadAsync(cancellation).ConfigureAwait(false))
            {
                batch.Clear();
                ids.Clear();
                while (ids.Count < _maxIds && _requests.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                    ids.Add(next.PersistenceId);
                }
                try
                {
                    await _ready(cancellation).ConfigureAwait(false);
                    await using var connection = await _store.OpenAsync(cancellation).ConfigureAwait(false);
                    var highest = await _store.HighestAsync(connection, ids, cancellation).ConfigureAwait(false);
                    foreach (var request in batch) request.Done.TrySetResult(highest.GetValueOrDefault(request.PersistenceId));
                }
                catch (Exception e) when (!cancellation.IsCancellationRequested)
                {
                    foreach (var request in batch) request.Done.TrySetException(e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            var stopped = new InvalidOperationException("the journal stopped before the read was answered");
            foreach (var request in batch) request.Done.TrySetException(stopped);
            while (_requests.Reader.TryRead(out var left)) left.Done.TrySetException(stopped);
        }
    }

    public void Stop()
    {
        _requests.Writer.TryComplete();
        _stopping.Cancel();
    }

    private sealed record Request(string PersistenceId, TaskCompletionSource<long> Done);
}
