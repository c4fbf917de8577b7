using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// What every task entity on a node shares: tools, classifier, retry policies, isolation, options, clock, randomness,
/// breakers, recovery, the node supervisor and the notifier (alerts of failed compensations).
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
    Akka.Actor.IActorRef? ToolGuardian = null,
    Akka.Actor.IActorRef? Notifier = null,
    string? TaskRole = null)
{
    /// <summary>The node's attempt slots (unbounded unless the host gives the configured keeper).</summary>
    public AttemptSlots Slots { get; init; } = new(int.MaxValue);

    /// <summary>The rules task entities on this node decide by (a new one per call: cheap, stateless).</summary>
    public TaskRules Rules() => new(Tools, Retry, Options, RecoverySettings, NodeName, Random, RecoveryEnabled: Recovery is not null, BreakersEnabled: Breakers is not null, TaskRole: TaskRole);

    public SelfHealing.SelfHealingOptions SelfHealingSettings => SelfHealingOptions ?? DefaultSelfHealing;

    private static readonly SelfHealing.SelfHealingOptions DefaultSelfHealing = new();

    public Recovery.RecoveryOptions RecoverySettings => RecoveryOptions ?? DefaultRecovery;

    private static readonly Recovery.RecoveryOptions DefaultRecovery = new();
}
