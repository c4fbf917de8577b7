using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Tasks;

/// <summary>What a task's decisions depend on besides its journal: tools, policies, options, this node, and the source of jitter.</summary>
/// <param name="RecoveryEnabled">Retryable failures ask their fingerprint's recovery entity for a plan.</param>
/// <param name="BreakersEnabled">Tools with a guarded service pass its breaker before each attempt.</param>
/// <param name="TaskRole">The role of the members that run tasks (null: all do); level 4 relocates only to those.</param>
public sealed record TaskRules(
    ToolRegistry Tools,
    RetryPolicies Retry,
    TaskOptions Options,
    RecoveryOptions Recovery,
    string NodeName,
    Random Random,
    bool RecoveryEnabled = false,
    bool BreakersEnabled = false,
    string? TaskRole = null)
{
    /// <summary>How often a task held by its tool's isolation looks again (isolation lives in memory; re-enabling sends nothing).</summary>
    public static readonly TimeSpan IsolationRecheck = TimeSpan.FromSeconds(2);

    /// <summary>The next attempt's timeout: the task's or the tool's, grown after timeouts and by the recovery plans, capped.</summary>
    public TimeSpan AttemptTimeout(TaskState state)
    {
        var tool = state.Spec!.Tool;
        var baseTimeout = state.Spec.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds)
            : Tools.Contains(tool) ? Tools.Get(tool).DefaultTimeout : Options.DefaultTimeout;
        var grown = RetryDecision.TimeoutFor(state, baseTimeout, Retry.For(tool, Taxonomy.ErrorCategory.Timeout), Options.MaxTimeout);
        return TimeSpan.FromMilliseconds(Math.Min(grown.TotalMilliseconds * state.TimeoutFactor, Options.MaxTimeout.TotalMilliseconds));
    }

    /// <summary>Until when a task may wait for a service or an isolated tool: its deadline, counted from acceptance or the last requeue.</summary>
    public DateTimeOffset WaitDeadline(TaskState state) =>
        state.TakenInAt + (state.Spec!.DeadlineSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : Options.MaxServiceWait);

    /// <summary>The policy a failure of <paramref name="category"/> is retried by: the tool's or category's, under the task's own.</summary>
    public RetryPolicy PolicyFor(TaskState state, Taxonomy.ErrorCategory category) =>
        state.Spec!.Retry is { } own ? own.Over(Retry.For(state.Spec.Tool, category)) : Retry.For(state.Spec.Tool, category);

    public IReducibleTool? Reducible(string tool) => Tools.Contains(tool) ? Tools.Get(tool) as IReducibleTool : null;
}
