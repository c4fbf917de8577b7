using Akka.Actor;

namespace FaultTolerantRunner.Supervision;

/// <summary>The attempt supervisor's decider: it follows the verdict the runner reported.</summary>
public static class AttemptDecider
{
    public static Directive Decide(Exception error) =>
        error is AttemptFailedException { Verdict.Retry: true } ? Directive.Restart : Directive.Stop;
}
