using Akka.Actor;
using FaultTolerantRunner.Hosting;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// The node's attempt slots (<c>Tasks:MaxConcurrentAttempts</c>, <c>Tools:Concurrency:&lt;tool&gt;</c>), shared by its task
/// entities like <see cref="Supervision.ToolIsolation"/>: an entity asks for a slot before it journals an attempt's start
/// and gets the answer at once (so acceptance and the first attempt's start stay one journal write); a task over the limit
/// waits in the queue and is told <see cref="Free"/> when its turn comes. After each decision the entity shows its state
/// (<see cref="Sync"/>): the slot follows the open attempt, and an entity that stops gives everything up (<see cref="Leave"/>).
/// Nothing here is journaled: after a restart every unfinished task asks again, so the queue is rebuilt from the journal.
/// </summary>
public sealed class AttemptSlots
{
    private readonly object _gate = new();
    private readonly SlotBook _book;
    private readonly Dictionary<string, IActorRef> _entities = new(StringComparer.Ordinal);

    public AttemptSlots(int nodeLimit, IReadOnlyDictionary<string, int>? toolLimits = null) => _book = new SlotBook(nodeLimit, toolLimits);

    /// <summary>The configured keeper; a limit for a tool the node does not run is refused (values are checked by <see cref="RunnerOptions.Validate"/>).</summary>
    public static AttemptSlots Create(TaskOptions options, IReadOnlyDictionary<string, int> toolLimits, Tools.ToolRegistry tools)
    {
        foreach (var tool in toolLimits.Keys.Where(t => !tools.Contains(t)))
            throw new RunnerConfigurationException($"Tools:Concurrency:{tool}", $"names unknown tool '{tool}'; known tools: {string.Join(", ", tools.Names)}");
        return new AttemptSlots(options.ConcurrentAttemptLimit, toolLimits);
    }

    /// <summary>Tell an entity waiting in the queue (or for a resource) that it may pass the gate now.</summary>
    public sealed class Free
    {
        public static readonly Free Instance = new();
    }

    /// <summary>Per tool: attempts holding a slot, tasks waiting, and the limit now.</summary>
    public sealed record ToolSlots(string Tool, int Running, int Waiting, int Limit);

    public int NodeLimit => _book.NodeLimit;

    public ToolSlots Of(string tool)
    {
        lock (_gate) return new ToolSlots(tool, _book.RunningOf(tool), _book.WaitingOf(tool), _book.LimitOf(tool));
    }

    public SlotAnswer TryAcquire(TaskState state, IActorRef entity) => TryAcquire(SlotRequest.For(state), entity);

    /// <summary>For a task being accepted now.</summary>
    public SlotAnswer TryAcquire(string taskId, TaskSpec spec, DateTimeOffset now, IActorRef entity) =>
        TryAcquire(new SlotRequest(taskId, spec.Tool, spec.Priority ?? SelfHealing.TaskPriority.Normal, now), entity);

    public SlotAnswer TryAcquire(SlotRequest request, IActorRef entity)
    {
        lock (_gate)
        {
            _entities[request.TaskId] = entity;
            return _book.TryAcquire(request);
        }
    }

    /// <summary>
    /// The task's state after a decision: its open attempt holds the slot; an attempt that ended settles the tool's limit
    /// and frees the slot; a task that waits for a service, or is finished, gives up its slot and its place.
    /// </summary>
    public void Sync(TaskState state, IActorRef entity)
    {
        if (!state.Exists) return;
        IReadOnlyList<string> wake = [];
        lock (_gate)
        {
            var tool = state.Spec!.Tool;
            if (_book.RunningAttempt(state.Id) is { } held && state.OpenAttempt?.Number != held)
            {
                var ended = state.Attempts.LastOrDefault(a => a.Number == held);
                _book.Settle(tool, ended?.Outcome == "succeeded", ended?.Error?.Category == ErrorCategory.Resource);
                wake = _book.Release(state.Id);
                if (state.Status == TaskStatus.WaitingForResource)
                {
                    _entities[state.Id] = entity;
                    _book.AwaitResource(SlotRequest.For(state));
                }
            }
            if (state.IsTerminal || state.Status is TaskStatus.WaitingForService or TaskStatus.Scheduled or TaskStatus.Awaiting) // a delayed or awaiting task holds no slot until due
            {
                wake = [.. wake, .. _book.Release(state.Id)];
                _entities.Remove(state.Id);
            }
            else if (state.OpenAttempt is { } open)
            {
                _entities[state.Id] = entity;
                _book.Running(state.Id, tool, open.Number);
            }
        }
        Wake(wake);
    }

    /// <summary>The entity stopped (passivated, handed off, crashed): its slot and its places go to others.</summary>
    public void Leave(string taskId)
    {
        IReadOnlyList<string> wake;
        lock (_gate)
        {
            _entities.Remove(taskId);
            wake = _book.Release(taskId);
        }
        Wake(wake);
    }

    private void Wake(IReadOnlyList<string> tasks)
    {
        foreach (var task in tasks)
        {
            IActorRef? entity;
            lock (_gate) entity = _entities.GetValueOrDefault(task);
            // Granted to an entity that is gone: the room goes to the next in line.
            if (entity is null) Leave(task);
            else entity.Tell(Free.Instance, ActorRefs.NoSender);
        }
    }
}
