using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// What every task entity on a node shares: tools, classifier, retry policies, isolation, options, clock, randomness,
/// breakers, recovery and the node supervisor.
/// </summary>
public sealed record TaskRuntime(
    ToolRegistry Tools,
    IErrorClassifier Classifier,
    RetryPolicies Retry,
    ToolIsolation Isolation,
    TaskOptions Options,
    string NodeName,
    TimeProvider Clock,
    Random Random,
    Akka.Actor.IActorRef? Breakers = null,
    Akka.Actor.IActorRef? Recovery = null,
    Recovery.RecoveryOptions? RecoveryOptions = null,
    SelfHealing.SelfHealingOptions? SelfHealingOptions = null,
    Akka.Actor.IActorRef? ToolGuardian = null)
{
    private TaskDecider? _decider;
    private TaskPeers? _peers;

    /// <summary>The task rules every entity on this node decides by.</summary>
    public TaskDecider Decider => _decider ??= new TaskDecider(new TaskRules(Tools, Retry, Options, RecoverySettings, NodeName, Random,
        RecoveryEnabled: Recovery is not null, BreakersEnabled: Breakers is not null));

    /// <summary>How task entities on this node talk to breakers, recovery entities, the node supervisor and their region.</summary>
    public TaskPeers Peers => _peers ??= new TaskPeers(this);

    public SelfHealing.SelfHealingOptions SelfHealingSettings => SelfHealingOptions ?? DefaultSelfHealing;

    private static readonly SelfHealing.SelfHealingOptions DefaultSelfHealing = new();

    public Recovery.RecoveryOptions RecoverySettings => RecoveryOptions ?? DefaultRecovery;

    private static readonly Recovery.RecoveryOptions DefaultRecovery = new();
}
