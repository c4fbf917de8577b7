using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using FaultTolerantRunner.Hosting;
using FaultTolerantRunner.Persistence;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.LoadGen;

/// <summary>
/// Fills a journal with the history of many tasks without running them: each task's events (acceptance, attempt start,
/// and its end) go straight to the node's journal writer, tagged as the task entity's are, many tasks per commit. A node
/// started on the file afterwards indexes them as if it had run them.
/// </summary>
public static class DashboardSeed
{
    /// <summary>Tasks still running (a long sleep) and their share in the mix: 1 in <see cref="RunningEvery"/>.</summary>
    public const int RunningEvery = 5_000;

    /// <summary>Dead-lettered (a classified error): 1 in <see cref="DeadLetteredEvery"/>.</summary>
    public const int DeadLetteredEvery = 20;

    /// <summary>The word the text filter looks for: in the parameters of 1 task in <see cref="NeedleEvery"/>.</summary>
    public const string Needle = "needle";

    public const int NeedleEvery = 100;

    private const int TasksPerWrite = 500;
    private const int WritesInFlight = 4;
    private static readonly string[] Regions = ["eu-west", "us-east", "ap-south", "sa-east"];
    private static readonly string[] Customers = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne"];

    public sealed record Seeded(int Tasks, int Events, TimeSpan Elapsed, string NewestId, DateTimeOffset Oldest, DateTimeOffset Newest);

    /// <summary>Writes <paramref name="count"/> tasks, accepted one per second up to now (the newest is task number count-1).</summary>
    public static async Task<Seeded> RunAsync(PersistenceOptions options, int count, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        await new JournalMigration(options).WhenDone();
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(RunnerHocon.Standalone(options));
        using var system = ActorSystem.Create("dashboard-seed", config);
        var journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
        var now = DateTimeOffset.UtcNow;
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(Props.Create(() => new Writer(journal, count, now, done)), "seed");
        var events = await done.Task.WaitAsync(limit);
        await system.Terminate();
        return new Seeded(count, events, watch.Elapsed, Id(count - 1), now.AddSeconds(-(count - 1)), now);
    }

    /// <summary>Task number <paramref name="n"/>'s id: 32 hex digits, as <see cref="TaskIds.New"/> makes them.</summary>
    public static string Id(int n) => $"{n:x8}{(uint)n * 2654435761u:x8}0000000000000000";

    /// <summary>The journal events of task number <paramref name="n"/>, accepted at <paramref name="at"/>.</summary>
    public static IReadOnlyList<ITaskEvent> Events(int n, DateTimeOffset at)
    {
        var running = n % RunningEvery == RunningEvery - 1;
        var deadLettered = !running && n % DeadLetteredEvery == 7;
        var customer = Customers[n % Customers.Length];
        var note = n % NeedleEvery == 3 ? $"{Needle} in the haystack {n}" : $"routine batch {n % 977}";
        var parameters = running
            ? $$"""{"ms":600000,"order":"order-{{n}}","customer":"{{customer}}","note":"{{note}}"}"""
            : $$"""{"message":"order-{{n}} for {{customer}} in {{Regions[n % Regions.Length]}}","note":"{{note}}","items":{{n % 17}}}""";
        var tool = running ? "sleep" : deadLettered ? "flaky" : "echo";
        var key = n % 10 == 0 ? $"order-{n}" : null;
        var started = at.AddMilliseconds(3);
        List<ITaskEvent> events =
        [
            new TaskAccepted(Id(n), new TaskSpec(tool, parameters, key, TimeoutSeconds: 60), at),
            new AttemptStarted(1, "akka.tcp://ftr@127.0.0.1:4053", started),
        ];
        if (running) return events;
        var ended = started.AddMilliseconds(5 + n % 40);
        if (!deadLettered)
        {
            events.Add(new AttemptSucceeded(1, $$"""{"echo":"order-{{n}}"}""", 5 + n % 40, ended));
            return events;
        }
        var category = (n / DeadLetteredEvery % 3) switch { 0 => ErrorCategory.Transient, 1 => ErrorCategory.External, _ => ErrorCategory.Resource };
        var error = new TaskError("FlakyToolException", $"order-{n}: upstream {customer} answered 503 (simulated)", category, Severity.High,
            "seed", null, Fingerprint: $"seed-{category}".ToLowerInvariant());
        events.Add(new AttemptFailed(1, error, 5 + n % 40, null, ended));
        events.Add(new TaskDeadLettered(error, "retry budget spent", ended.AddMilliseconds(1)));
        return events;
    }

    /// <summary>Keeps <see cref="WritesInFlight"/> journal writes of <see cref="TasksPerWrite"/> tasks each going until all are written.</summary>
    private sealed class Writer(IActorRef journal, int count, DateTimeOffset now, TaskCompletionSource<int> done) : UntypedActor
    {
        private static readonly IImmutableSet<string> Tags = ImmutableHashSet.Create(TaskEventTagger.Tag);
        private int _next;
        private int _inFlight;
        private int _events;

        protected override void PreStart()
        {
            for (var i = 0; i < WritesInFlight; i++) Send();
        }

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case WriteMessagesSuccessful:
                    _inFlight--;
                    Send();
                    if (_inFlight == 0) done.TrySetResult(_events);
                    break;
                case WriteMessagesFailed failed:
                    done.TrySetException(new InvalidOperationException("seeding the journal failed", failed.Cause));
                    break;
            }
        }

        private void Send()
        {
            if (_next >= count) return;
            var writes = ImmutableList.CreateBuilder<IPersistentEnvelope>();
            for (var end = Math.Min(count, _next + TasksPerWrite); _next < end; _next++)
            {
                var pid = TaskIds.PersistenceId(Id(_next));
                var events = Events(_next, now.AddSeconds(-(count - 1 - _next)));
                _events += events.Count;
                writes.Add(new AtomicWrite(events
                    .Select((e, i) => (IPersistentRepresentation)new Persistent(new Tagged(e, Tags), i + 1, pid, string.Empty, false, ActorRefs.NoSender, "dashboard-seed"))
                    .ToImmutableList()));
            }
            _inFlight++;
            journal.Tell(new WriteMessages(writes.ToImmutable(), Self, 1));
        }
    }
}
