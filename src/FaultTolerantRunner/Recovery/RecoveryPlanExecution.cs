using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Recovery;

/// <summary>
/// Carrying out a recovery plan for a task's next attempt, as a pure function: the delay, the attempt timeout factor,
/// reduced parameters, whether the handler is recreated, the member the attempts move to, and the journaled
/// <see cref="RecoveryPlanned"/> that says so.
/// </summary>
public static class RecoveryPlanExecution
{
    /// <summary>What a plan does to the next attempt.</summary>
    /// <param name="ResetHandler">Recreate the tool's handler before the next attempt (level 3).</param>
    public sealed record Step(TimeSpan Delay, RecoveryPlanned Planned, bool ResetHandler);

    /// <param name="verdict">The retry verdict of the failure (its delay is the plain backoff).</param>
    /// <param name="failedOn">The node whose attempt failed; <paramref name="relocateTo"/> is the member level 4 chose to run the next attempts (see <see cref="RelocationTarget"/>).</param>
    /// <param name="random">The jitter of the decorrelated-jitter strategy (drawn only for it).</param>
    public static Step Execute(RecoveryProtocol.RecoveryPlan plan, TaskState task, FailureVerdict verdict, RetryPolicy policy,
        RecoveryOptions options, IReducibleTool? reducible, string failedOn, string? relocateTo, string node, Random random, DateTimeOffset now)
    {
        var tool = task.Spec!.Tool;
        var delay = verdict.Delay;
        var timeoutFactor = 1.0;
        string? parameters = null;
        var reset = false;
        string action;
        switch (plan.Strategy)
        {
            case RecoveryStrategies.DecorrelatedJitter:
                // Uniformly between the base delay and three times the previous delay, capped.
                var previous = verdict.Delay.TotalMilliseconds / Math.Max(1, policy.Multiplier);
                var upper = 3 * Math.Max(previous, policy.BaseDelay.TotalMilliseconds);
                delay = TimeSpan.FromMilliseconds(Math.Min(policy.MaxDelay.TotalMilliseconds,
                    policy.BaseDelay.TotalMilliseconds + random.NextDouble() * (upper - policy.BaseDelay.TotalMilliseconds)));
                action = "retry with decorrelated jitter (between the base delay and three times the previous one)";
                break;
            case RecoveryStrategies.ExtendTimeout:
                timeoutFactor = options.ExtendedTimeoutFactor;
                action = $"retry with the attempt timeout x{task.TimeoutFactor * timeoutFactor:0.##}";
                break;
            case RecoveryStrategies.ReduceParameters:
                parameters = reducible?.Reduce(ToolParameters.Parse(task.EffectiveParameters ?? "{}"))?.ToJsonString();
                action = parameters is null ? "parameters cannot be reduced further; plain retry" : $"retry with reduced parameters {parameters}";
                break;
            case RecoveryStrategies.ResetComponent:
            case RecoveryStrategies.ResetAndCoolDown:
                reset = true;
                var coolDown = plan.Strategy == RecoveryStrategies.ResetAndCoolDown;
                if (coolDown)
                    delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * options.CoolDownFactor, policy.MaxDelay.TotalMilliseconds * options.CoolDownFactor));
                action = $"handler of '{tool}' recreated on {node}" + (coolDown ? $"; cooling down x{options.CoolDownFactor:0.#}" : "");
                break;
            case RecoveryStrategies.Relocate:
                // Without a target the decider falls through to level 5 for a task old enough for it; a younger one retries in place.
                action = relocateTo is null
                    ? $"no other Up member to relocate to (failed on {failedOn}); retrying where the attempts run, held at level 4 until the task has been through Recovery:DeadLetterAfterRecoveries ({options.DeadLetterAfterRecoveries}) recoveries"
                    : $"failed on {failedOn}; the next attempt runs on {relocateTo}";
                break;
            default:
                action = "plain exponential backoff";
                break;
        }
        // Whatever the strategy, a task that keeps failing never retries sooner than it did last time (until the cap).
        if (task.LastRetryDelayMs is { } last && delay.TotalMilliseconds <= last)
            delay = TimeSpan.FromMilliseconds(Math.Max(delay.TotalMilliseconds, Math.Min(last + 1, Math.Max(policy.MaxDelay.TotalMilliseconds, delay.TotalMilliseconds))));
        var target = plan.Strategy == RecoveryStrategies.Relocate ? relocateTo : null;
        return new Step(delay, new RecoveryPlanned(plan.Fingerprint, plan.Level, plan.Strategy, action, now, timeoutFactor, parameters, target), reset);
    }
}
