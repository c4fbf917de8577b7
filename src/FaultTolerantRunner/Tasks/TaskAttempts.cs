using Akka.Actor;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// A task entity's hold on its attempts: the backoff supervisor that runs them (the entity's child, created through the
/// entity's context, so used only inside the entity), the runner waiting for its go, an attempt journaled before its runner
/// asked (the first one, with the acceptance), and the runner's last heartbeat. After a relocation (recovery level 4) the
/// supervisor runs on the task's <see cref="TaskState.AttemptsOn"/> node under an <see cref="AttemptHost"/>, still the entity's child.
/// </summary>
public sealed class TaskAttempts(IActorContext entity)
{
    private IActorRef? _supervisor;
    private IActorRef? _waiting;
    private AttemptProtocol.Go? _journaled;
    private int _generation;

    /// <summary>The supervisor runs: an attempt runs, backs off, or its runner compensates and cleans up.</summary>
    public bool Running => _supervisor is not null;

    public DateTimeOffset LastHeartbeat { get; private set; }

    /// <summary>Starts the attempts here, or on the node the task's attempts were relocated to.</summary>
    public void Start(TaskState task, TaskRuntime runtime)
    {
        if (_supervisor is not null) return;
        var props = task.AttemptsOn is { } node && node != runtime.NodeName
            ? AttemptHost.Props(task.Id, node)
            : AttemptRunner.SupervisedProps(task.Id, entity.Self, runtime);
        // A supervisor just stopped (relocating) keeps its name until it has terminated.
        _supervisor = entity.ActorOf(props, entity.Child("attempts").IsNobody() ? "attempts" : $"attempts-{++_generation}");
        entity.Watch(_supervisor);
    }

    public void Stop()
    {
        if (_supervisor is null) return;
        entity.Unwatch(_supervisor);
        entity.Stop(_supervisor);
        _supervisor = null;
        _waiting = null;
        _journaled = null;
    }

    /// <summary>Whether the actor that stopped was the supervisor; it is then forgotten with the runner that waited under it.</summary>
    public bool Ended(IActorRef stopped)
    {
        if (!stopped.Equals(_supervisor)) return false;
        _supervisor = null;
        _waiting = null;
        return true;
    }

    /// <summary>A runner asks to start. If the open attempt was journaled before it asked, it gets it now (only the first request can); else it waits.</summary>
    public bool Asked(IActorRef runner, int? openAttempt, DateTimeOffset now)
    {
        var journaled = _journaled;
        _journaled = null;
        if (journaled is not null && journaled.Attempt == openAttempt) return Go(runner, journaled, now);
        _waiting = runner;
        return false;
    }

    /// <summary>A journaled attempt goes to the runner waiting for it, or is kept for the first runner that asks; true when it went.</summary>
    public bool Offer(AttemptProtocol.Go go, DateTimeOffset now)
    {
        if (_waiting is { } runner) return Go(runner, go, now);
        _journaled = go;
        return false;
    }

    public void Beat(DateTimeOffset now) => LastHeartbeat = now;

    private bool Go(IActorRef runner, AttemptProtocol.Go go, DateTimeOffset now)
    {
        _waiting = null;
        runner.Tell(go, entity.Self);
        LastHeartbeat = now;
        return true;
    }
}
