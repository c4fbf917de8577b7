using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace FaultTolerantRunner.Persistence.Journal;

/// <summary>
/// FTR's own write path into Akka.Persistence.Sql's journal table (<c>Persistence:Journal = ftr</c>): the same rows the
/// plugin writes, through plain ADO.NET with fixed statements, group commit across actors (<see cref="GroupCommit"/>) and
/// coalesced highest-sequence-number reads (<see cref="HighestSequenceReads"/>). The plugin's query side and snapshot store
/// read what it writes; the compliance suite holds both writers to the same bar.
/// </summary>
/// <remarks>
/// Settings (under the journal's plugin path): <c>connection-string</c>, <c>ftr.provider</c> (<c>Sqlite</c> or
/// <c>PostgreSql</c>), <c>ftr.writers</c> (lanes; SQLite has one writer at a time, so 1 there), <c>ftr.max-rows-per-commit</c>,
/// <c>ftr.readers</c> and <c>ftr.max-ids-per-read</c>.
/// </remarks>
public sealed class FtrWriteJournal : AsyncWriteJournal
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(5);
    private readonly JournalStore _store;
    private readonly JournalRowCodec _codec;
    private readonly GroupCommit _writes;
    private readonly HighestSequenceReads _highest;
    private readonly ConcurrentDictionary<string, Task> _writing = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _readyGate = new();
    private Task? _ready;

    public FtrWriteJournal(Config config)
    {
        var provider = Enum.Parse<PersistenceProvider>(config.GetString("ftr.provider", nameof(PersistenceProvider.Sqlite)), ignoreCase: true);
        var connectionString = config.GetString("connection-string");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ConfigurationException("FTR journal: connection-string is empty");
        _ = PluginHandshake.Question; // a plugin version without the handshake fails this journal's start, not a later message
        _store = JournalStore.Create(provider, connectionString);
        _codec = new JournalRowCodec((ExtendedActorSystem)Context.System, Guid.NewGuid().ToString("N"));
        var writers = provider == PersistenceProvider.Sqlite ? 1 : Math.Max(1, config.GetInt("ftr.writers", 4));
        _writes = new GroupCommit(_store, ReadyAsync, writers, Math.Max(1, config.GetInt("ftr.max-rows-per-commit", 512)));
        _highest = new HighestSequenceReads(_store, ReadyAsync, Math.Max(1, config.GetInt("ftr.readers", 2)), Math.Max(1, config.GetInt("ftr.max-ids-per-read", 256)));
    }

    /// <summary>The tables exist; a failed creation (database down at start) is tried again by the next operation.</summary>
    private Task ReadyAsync(CancellationToken cancellation)
    {
        lock (_readyGate)
        {
            if (_ready is null || _ready.IsFaulted || _ready.IsCanceled) _ready = _store.CreateTablesAsync(_stopping.Token);
            return _ready.WaitAsync(cancellation);
        }
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow.Ticks;
        var writes = messages.ToList();
        var rejections = new Exception?[writes.Count];
        var rows = new List<JournalRow>();
        for (var i = 0; i < writes.Count; i++)
        {
            var (encoded, rejection) = _codec.Encode(writes[i], now);
            if (encoded is null) rejections[i] = rejection;
            else rows.AddRange(encoded);
        }
        if (rows.Count == 0) return Task.FromResult(Rejections(rejections));
        // Every write of one call comes from one actor: the accepted ones commit together or not at all.
        var persistenceId = writes[0].PersistenceId;
        var committed = _writes.WriteAsync(persistenceId, rows);
        _writing[persistenceId] = committed;
        _ = committed.ContinueWith(done => _writing.TryRemove(new KeyValuePair<string, Task>(persistenceId, done)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        // The call timing out does not pull the rows out of their group (other actors' rows commit with them): the caller
        // stops waiting, the actor fails its write and, restarted, replays whatever did commit.
        return committed.WaitAsync(cancellationToken).ContinueWith(done =>
            {
                done.GetAwaiter().GetResult(); // a failed commit fails the call: Akka stops the actor, nothing is half written
                return Rejections(rejections);
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private static IImmutableList<Exception> Rejections(Exception?[] rejections) =>
        rejections.All(r => r is null) ? null! : rejections.Select(r => r!).ToImmutableList();

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        // A write still in flight for this id counts: wait for it, as the plugin does, whatever its outcome.
        if (_writing.TryGetValue(persistenceId, out var inFlight))
            await inFlight.ContinueWith(static _ => { }, TaskScheduler.Default).WaitAsync(cancellationToken).ConfigureAwait(false);
        return await _highest.ReadAsync(persistenceId).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<IPersistentRepresentation> recoveryCallback)
    {
        if (max <= 0) return;
        await ReadyAsync(_stopping.Token).ConfigureAwait(false);
        await _store.ReplayAsync(persistenceId, fromSequenceNr, toSequenceNr, max,
            row => recoveryCallback(_codec.Decode(persistenceId, row.SequenceNumber, row.Message, row.Manifest, row.Identifier, row.WriterUuid, row.Created)),
            _stopping.Token).ConfigureAwait(false);
    }

    protected override async Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        await ReadyAsync(both.Token).ConfigureAwait(false);
        await _store.DeleteAsync(persistenceId, toSequenceNr, both.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// The plugin's read journal, when created, asks its write journal whether the tables exist (an internal message of
    /// Akka.Persistence.Sql, <c>IsInitialized</c>, answered by <c>Initialized</c>) and gives up after 5 s: answer it the
    /// same way, once the tables are there.
    /// </summary>
    protected override bool ReceivePluginInternal(object message)
    {
        if (message.GetType() != PluginHandshake.Question) return false;
        var asker = Sender;
        ReadyAsync(_stopping.Token).ContinueWith(ready =>
        {
            if (ready.IsCompletedSuccessfully) asker.Tell(PluginHandshake.Answer);
        }, TaskScheduler.Default);
        return true;
    }

    protected override void PostStop()
    {
        _writes.Stop(Drain);
        _highest.Stop();
        _stopping.CancelAfter(Drain);
        base.PostStop();
    }
}
