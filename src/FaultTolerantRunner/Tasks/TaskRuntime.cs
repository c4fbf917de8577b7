using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Tasks;

/// <summary>What every task entity on a node shares: tools, classifier, retry policies, isolation, options, clock and randomness.</summary>
public sealed record TaskRuntime(
    ToolRegistry Tools,
    IErrorClassifier Classifier,
    RetryPolicies Retry,
    ToolIsolation Isolation,
    TaskOptions Options,
    string NodeName,
    TimeProvider Clock,
    Random Random,
    Akka.Actor.IActorRef? Breakers = null);
