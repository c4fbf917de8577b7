using System.Data.Common;
using System.Threading.Channels;

namespace FaultTolerantRunner.Persistence.Journal;

/// <summary>
/// Group commit: the writes of many actors waiting at the same moment go into one transaction (one commit, one fsync).
/// Writes are spread over lanes by persistence id, each lane one connection committing one group at a time, so one id's
/// writes commit in the order they were made. A group that fails is retried write by write, each in its own transaction,
/// so one bad write (a duplicate sequence number from a second incarnation) fails only its own actor.
/// </summary>
internal sealed class GroupCommit
{
    private readonly JournalStore _store;
    private readonly Func<CancellationToken, Task> _ready;
    private readonly int _maxRows;
    private readonly Channel<PendingWrite>[] _lanes;
    private readonly Task[] _loops;
    private readonly CancellationTokenSource _stopping = new();

    public GroupCommit(JournalStore store, Func<CancellationToken, Task> ready, int lanes, int maxRows)
    {
        _store = store;
        _ready = ready;
        _maxRows = maxRows;
        _lanes = Enumerable.Range(0, lanes)
            .Select(_ => Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true })).ToArray();
        _loops = _lanes.Select(lane => Task.Run(() => RunAsync(lane))).ToArray();
    }

    /// <summary>Queues the rows of one actor's write; completes when they are committed, faults when they are not.</summary>
    /// <remarks>Queued before this returns, so an actor's next write always queues behind its previous one.</remarks>
    public Task WriteAsync(string persistenceId, IReadOnlyList<JournalRow> rows)
    {
        var pending = new PendingWrite(rows, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var lane = _lanes[(int)((uint)StringComparer.Ordinal.GetHashCode(persistenceId) % (uint)_lanes.Length)];
        if (!lane.Writer.TryWrite(pending))
            pending.Done.TrySetException(new InvalidOperationException("the journal is stopping; the write was not made"));
        return pending.Done.Task;
    }

    private async Task RunAsync(Channel<PendingWrite> lane)
    {
        var reader = lane.Reader;
        var cancellation = _stopping.Token;
        var group = new List<PendingWrite>();
        DbConnection? connection = null;
        try
        {
            while (await reader.WaitToReadAsync(cancellation).ConfigureAwait(false))
            {
                group.Clear();
                var rows = 0;
                while (rows < _maxRows && reader.TryRead(out var next))
                {
                    group.Add(next);
                    rows += next.Rows.Count;
                }
                try
                {
                    connection = await CommitAsync(connection, group, cancellation).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellation.IsCancellationRequested)
                {
                    // Whatever went wrong (a dispose that threw), the lane lives on: its group fails, the next one gets
                    // a fresh connection. A dead lane would leave its ids' writes waiting for ever.
                    foreach (var pending in group) pending.Done.TrySetException(e);
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Stopping: what is still queued fails below.
        }
        finally
        {
            lane.Writer.TryComplete(); // later writes to this lane fail at once instead of waiting unread
            if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
            var stopped = new InvalidOperationException("the journal stopped before the write was committed");
            foreach (var pending in group) pending.Done.TrySetException(stopped);
            while (reader.TryRead(out var left)) left.Done.TrySetException(stopped);
        }
    }

    /// <summary>Commits the group, or else each of its writes alone; returns the connection to go on with (null if broken).</summary>
    private async Task<DbConnection?> CommitAsync(DbConnection? connection, List<PendingWrite> group, CancellationToken cancellation)
    {
        try
        {
            connection = await CommitOnceAsync(connection, group.SelectMany(w => w.Rows).ToList(), cancellation).ConfigureAwait(false);
            foreach (var pending in group) pending.Done.TrySetResult();
            return connection;
        }
        catch (Exception e) when (!cancellation.IsCancellationRequested)
        {
            connection = await DropAsync(connection).ConfigureAwait(false);
            if (group.Count == 1)
            {
                group[0].Done.TrySetException(e);
                return null;
            }
        }
        foreach (var pending in group)
        {
            try
            {
                connection = await CommitOnceAsync(connection, pending.Rows, cancellation).ConfigureAwait(false);
                pending.Done.TrySetResult();
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested)
            {
                connection = await DropAsync(connection).ConfigureAwait(false);
                pending.Done.TrySetException(e);
            }
        }
        return connection;
    }

    /// <remarks>A connection opened here and then failed is disposed here: the caller only ever holds the one it passed in.</remarks>
    private async Task<DbConnection> CommitOnceAsync(DbConnection? connection, IReadOnlyList<JournalRow> rows, CancellationToken cancellation)
    {
        await _ready(cancellation).ConfigureAwait(false);
        var opened = connection is null;
        connection ??= await _store.OpenAsync(cancellation).ConfigureAwait(false);
        try
        {
            await using var transaction = await _store.BeginWriteAsync(connection, cancellation).ConfigureAwait(false);
            await _store.InsertAsync(connection, transaction, rows, cancellation).ConfigureAwait(false);
            await transaction.CommitAsync(cancellation).ConfigureAwait(false);
            return connection;
        }
        catch when (opened)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // After a failure the connection may be in any state (broken, mid-transaction): a fresh one is opened for the next try.
    private static async Task<DbConnection?> DropAsync(DbConnection? connection)
    {
        if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Takes no more writes; what is queued still commits (the lanes drain in the background) unless that takes longer than
    /// <paramref name="drain"/>, after which the rest fails. Does not block: the journal calls this from its PostStop.
    /// </summary>
    public void Stop(TimeSpan drain)
    {
        foreach (var lane in _lanes) lane.Writer.TryComplete();
        _stopping.CancelAfter(drain);
    }

    /// <summary>Completes when every lane has stopped (tests).</summary>
    public Task Stopped => Task.WhenAll(_loops);

    private sealed record PendingWrite(IReadOnlyList<JournalRow> Rows, TaskCompletionSource Done);
}
