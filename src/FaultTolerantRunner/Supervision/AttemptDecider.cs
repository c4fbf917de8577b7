using AkkaDirective = Akka.Actor.Directive;

namespace FaultTolerantRunner.Supervision;

/// <summary>
/// The attempt supervisor's decider. The supervisor is Akka's <c>BackoffSupervisor</c> in its OnStop form: a runner
/// carries out its verdict itself (it stops, and the supervisor starts a fresh one after the backoff, or it ends the
/// attempts), so no expected failure is thrown and nothing logs its stack. An exception reaching this decider is a
/// runner's crash (a bug): it is escalated, so the entity's strategy logs it once with its stack and stops the attempts,
/// instead of the supervisor restarting a runner whose attempt the entity has not decided on.
/// </summary>
public static class AttemptDecider
{
    public static AkkaDirective Decide(Exception error) => AkkaDirective.Escalate;
}
