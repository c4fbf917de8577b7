using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// Deletes expired tasks (<see cref="TaskOptions.Retention"/>, <see cref="DeadLetters.DlqOptions.Retention"/>) from the
/// journal in the background: every node runs one, only the oldest Up member acts (as the resume sweep), so the cluster
/// deletes each batch once without a singleton's hand-over; a tick that runs twice during a membership change is harmless
/// because the delete and the tombstone are idempotent. Each tick takes at most <see cref="BatchSize"/> tasks from the local
/// index, deletes their rows and writes their tombstones in one transaction straight on the journal table (waking each
/// entity for DeleteMessages would load every pruned task into memory), tells every member's index to drop them, counts
/// the journal's rows, and waits <see cref="TaskOptions.RetentionInterval"/> before the next: live traffic sees one short
/// write transaction per interval.
/// </summary>
public sealed class RetentionSweeper : ReceiveActor, IWithTimers
{
    public const string Name = "retention-sweeper";
    public const int BatchSize = 500;

    /// <summary>The shortest retention accepted: a second, for tests; production keeps days.</summary>
    public static readonly TimeSpan MinRetention = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly IActorRef _index;
    private readonly TaskRetention _retention;

    public RetentionSweeper(IActorRef index, TaskRetention retention)
    {
        _index = index;
        _retention = retention;
        Receive<Tick>(_ => Sweep());
        Receive<TaskIndexProtocol.ExpiredTasks>(Prune);
        Receive<Pruned>(Done);
        Receive<Status.Failure>(failure =>
        {
            _log.Warning("retention: a batch failed, trying again in {0}: {1}", _retention.Interval, failure.Cause.GetBaseException().Message);
            Next();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef index, TaskRetention retention) => Akka.Actor.Props.Create(() => new RetentionSweeper(index, retention));

    protected override void PreStart()
    {
        _retention.Store.CreateTableAsync(CancellationToken.None).PipeTo(Self, success: () => Tick.Instance);
    }

    private void Next() => Timers.StartSingleTimer("tick", Tick.Instance, _retention.Interval);

    private void Sweep()
    {
        if (!IsOldestUpMember())
        {
            Next();
            return;
        }
        var now = DateTimeOffset.UtcNow;
        _index.Ask<TaskIndexProtocol.ExpiredTasks>(new TaskIndexProtocol.SelectExpired(now - _retention.Tasks, now - _retention.DeadLetters, BatchSize), AskTimeout)
            .PipeTo(Self);
    }

    private void Prune(TaskIndexProtocol.ExpiredTasks expired)
    {
        var finished = expired.Complete ? expired.Finished : [];
        var dead = expired.Complete ? expired.DeadLetters : [];
        var batch = finished.Select(id => (TaskIds.PersistenceId(id), _retention.Setting(TaskRetention.FinishedKind)))
            .Concat(dead.Select(id => (TaskIds.PersistenceId(id), _retention.Setting(TaskRetention.DeadLetterKind)))).ToList();
        var store = _retention.Store;
        var keepTombstonesSince = DateTimeOffset.UtcNow - (_retention.Tasks > _retention.DeadLetters ? _retention.Tasks : _retention.DeadLetters);
        RunAsync().PipeTo(Self);

        async Task<Pruned> RunAsync()
        {
            var rows = batch.Count == 0 ? 0 : await store.PruneAsync(batch, DateTimeOffset.UtcNow, CancellationToken.None).ConfigureAwait(false);
            await store.ForgetTombstonesAsync(keepTombstonesSince, CancellationToken.None).ConfigureAwait(false);
            return new Pruned(finished, dead, rows, await store.RowsAsync(CancellationToken.None).ConfigureAwait(false));
        }
    }

    private void Done(Pruned pruned)
    {
        Telemetry.RunnerMetrics.JournalRows(pruned.JournalRows);
        if (pruned.Finished.Count + pruned.DeadLetters.Count > 0)
        {
            Telemetry.RunnerMetrics.Pruned(TaskRetention.FinishedKind, pruned.Finished.Count);
            Telemetry.RunnerMetrics.Pruned(TaskRetention.DeadLetterKind, pruned.DeadLetters.Count);
            var forget = new TaskIndexProtocol.ForgetTasks([.. pruned.Finished, .. pruned.DeadLetters]);
            foreach (var member in _cluster.State.Members.Where(m => m.Status == MemberStatus.Up))
                Context.ActorSelection(new RootActorPath(member.Address) / "user" / TaskIndex.Name).Tell(forget);
            _index.Tell(forget);
            _log.Info("retention: pruned {0} finished task(s) and {1} purged dead letter(s), {2} journal rows; {3} rows left",
                pruned.Finished.Count, pruned.DeadLetters.Count, pruned.Rows, pruned.JournalRows);
        }
        Next();
    }

    private bool IsOldestUpMember() => Hosting.ClusterSeniority.IsOldestUpMember(_cluster);

    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record Pruned(IReadOnlyList<string> Finished, IReadOnlyList<string> DeadLetters, int Rows, long JournalRows);
}
