using Akka.Actor;
using Akka.Event;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// A task's attempts on another node (recovery level 4, relocation). The task entity deploys this actor on the target
/// member as its own child (Akka remote deployment), so the entity watches, stops and names it exactly as it does its
/// local attempt supervisor, and a lost target node is a <c>Terminated</c>, an interruption, as today. The host runs the
/// usual backoff supervisor and runner there with that node's runtime (its tools, chaos switches, breakers), and the
/// runner reports to the entity, its host's parent, with the same <see cref="AttemptProtocol"/> it uses locally.
/// </summary>
public sealed class AttemptHost : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public AttemptHost(string taskId)
    {
        var runtime = AttemptHostRuntime.Of(Context.System).Runtime;
        if (runtime is null)
        {
            // Not a node that runs tasks (or not started yet): stopping is an interruption, and the task runs at home.
            _log.Warning("task {0}: no task runtime on this node to host a relocated attempt", taskId);
            Context.Stop(Self);
            return;
        }
        Context.Watch(Context.ActorOf(AttemptRunner.SupervisedProps(taskId, Context.Parent, runtime), "attempts"));
        Receive<Terminated>(_ => Context.Stop(Self));
    }

    /// <summary>The host deployed on <paramref name="node"/> (a member's address) as a child of the calling entity.</summary>
    public static Props Props(string taskId, string node) =>
        Akka.Actor.Props.Create(typeof(AttemptHost), taskId).WithDeploy(new Deploy(new RemoteScope(Address.Parse(node))));

    /// <summary>An escalation (a critical failure: the task is already dead-lettered) stops the attempts, as the entity's own strategy does.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);
}
