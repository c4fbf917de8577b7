using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Node.Tests;

public sealed class ResumeSweepFixture : NodeFixture
{
    protected override IEnumerable<string> ExtraArgs =>
    [
        "--Tasks:ResumeSweepInterval=00:00:01",
        // A retry wait long enough to stop the entity in the middle of it.
        "--Retry:Transient:BaseDelay=00:00:02",
        "--Retry:Transient:MaxDelay=00:00:05",
        "--Retry:Transient:RandomFactor=0",
    ];
}

/// <summary>
/// Task entities are not remembered by sharding; the task index wakes unfinished ones. These tests stop an entity behind
/// the runner's back and never ask for the task by id meanwhile (that would start the entity itself): only the sweep can
/// bring it back. They watch the task through the index listing, which never touches an entity.
/// </summary>
public sealed class ResumeSweepTests(ResumeSweepFixture node) : IClassFixture<ResumeSweepFixture>
{
    [Fact]
    public async Task A_running_task_whose_entity_is_stopped_is_woken_by_the_sweep_and_finishes()
    {
        var outcomes = await StopInStateAndFinishAsync(new { tool = "sleep", parameters = new { ms = 1500 } }, "Running");

        Assert.Equal(["interrupted", "succeeded"], outcomes);
    }

    [Fact]
    public async Task A_task_whose_entity_is_stopped_while_it_waits_for_a_retry_still_retries_and_succeeds()
    {
        var outcomes = await StopInStateAndFinishAsync(new { tool = "flaky", parameters = new { failures = 1, category = "transient" } }, "RetryScheduled");

        Assert.Equal(["failed", "succeeded"], outcomes);
    }

    /// <summary>
    /// Submits, stops the task's entity once the index lists it in <paramref name="state"/>, waits (through the index only)
    /// until it succeeded, and returns its attempts' outcomes.
    /// </summary>
    private async Task<List<string?>> StopInStateAndFinishAsync(object body, string state)
    {
        var id = (string)(await node.SubmitAsync(body))["id"]!;
        await AwaitListedAsync(id, state);

        await StopEntityAsync(id);

        await AwaitListedAsync(id, "Succeeded", TimeSpan.FromSeconds(30));
        var done = (await node.Http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"))!;
        return done["attemptHistory"]!.AsArray().Select(a => (string?)a!["outcome"]).ToList();
    }

    /// <summary>Stops the task's live entity (it must be alive) and waits until it is gone.</summary>
    private async Task StopEntityAsync(string id)
    {
        var entity = await FindEntityAsync(id);
        Assert.True(entity is not null, $"task {id} has no live entity to stop");
        var system = node.Services.GetRequiredService<ActorSystem>();
        var watcher = system.ActorOf(Props.Create(() => new DeathWatcher(entity)));
        entity.Tell(PoisonPill.Instance);
        var stopped = await watcher.Ask<Terminated>(DeathWatcher.Ready.Instance, TimeSpan.FromSeconds(10));
        Assert.Equal(entity, stopped.ActorRef);
    }

    private async Task AwaitListedAsync(string id, string state, TimeSpan? within = null)
    {
        await Eventually.Until(
            async () => (await node.Http.GetFromJsonAsync<JsonObject>("/api/tasks?limit=500"))!,
            list => list["items"]!.AsArray().Any(t => (string?)t!["id"] == id && (string?)t["status"] == state),
            within ?? TimeSpan.FromSeconds(20), $"the index listing task {id} as {state}");
    }

    /// <summary>The live entity of a task, found under the task shard region without sending it anything.</summary>
    private async Task<IActorRef?> FindEntityAsync(string id)
    {
        var system = node.Services.GetRequiredService<ActorSystem>();
        var identity = await system.ActorSelection($"/system/sharding/task/*/{Uri.EscapeDataString(id)}")
            .Ask<ActorIdentity>(new Identify(id), TimeSpan.FromSeconds(5));
        return identity.Subject;
    }

    /// <summary>Watches an actor and answers the first asker with its Terminated.</summary>
    private sealed class DeathWatcher : ReceiveActor
    {
        private IActorRef? _asker;
        private Terminated? _terminated;

        public DeathWatcher(IActorRef target)
        {
            Context.Watch(target);
            Receive<Ready>(_ =>
            {
                _asker = Sender;
                if (_terminated is not null) _asker.Tell(_terminated);
            });
            Receive<Terminated>(t =>
            {
                _terminated = t;
                _asker?.Tell(t);
            });
        }

        public sealed class Ready
        {
            public static readonly Ready Instance = new();
        }
    }
}
