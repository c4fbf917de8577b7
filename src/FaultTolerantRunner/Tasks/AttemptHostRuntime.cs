using Akka.Actor;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// The node's task runtime for <see cref="AttemptHost"/>s deployed here from other nodes: a deployed actor gets only
/// serializable arguments (the task id), so it finds the tools, classifier and options it runs with through this extension.
/// </summary>
public sealed class AttemptHostRuntime : IExtension
{
    /// <summary>Set when the node starts its task region (the nodes that run tasks); null elsewhere.</summary>
    public TaskRuntime? Runtime { get; set; }

    public static AttemptHostRuntime Of(ActorSystem system) => system.WithExtension<AttemptHostRuntime, Id>();

    public sealed class Id : ExtensionIdProvider<AttemptHostRuntime>
    {
        public override AttemptHostRuntime CreateExtension(ExtendedActorSystem system) => new();
    }
}
