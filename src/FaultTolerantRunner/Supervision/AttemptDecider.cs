using FaultTolerantRunner.Taxonomy;
using AkkaDirective = Akka.Actor.Directive;

namespace FaultTolerantRunner.Supervision;

/// <summary>The attempt supervisor's decider: it carries out the verdict the entity journaled for the failure.</summary>
public static class AttemptDecider
{
    public static AkkaDirective Decide(Exception error) => error switch
    {
        AttemptFailedException { Verdict.Retry: true } => AkkaDirective.Restart,
        AttemptFailedException { Verdict.Directive: Directive.Escalate } => AkkaDirective.Escalate,
        _ => AkkaDirective.Stop,
    };
}
