using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Node.Api;

/// <summary>A task's effective retry policy as the API shows it, computed as the decider does (<see cref="TaskRules.PolicyFor"/>).</summary>
internal static class RetryPolicyViews
{
    private static readonly ErrorCategory[] Retryable =
        [ErrorCategory.Transient, ErrorCategory.Resource, ErrorCategory.Timeout, ErrorCategory.External, ErrorCategory.Unknown];

    public static RetryPolicyView? Of(TaskState task, RetryPolicies? policies)
    {
        if (task.Spec is not { } spec) return null;
        var own = spec.Retry;
        var notRetried = (own?.NonRetryableCategories ?? []).Select(Names.Of).ToArray();
        var categories = policies is null ? null : Retryable.ToDictionary(Names.Of, c =>
        {
            var policy = own is null ? policies.For(spec.Tool, c) : own.Over(policies.For(spec.Tool, c));
            var budget = Math.Min(policy.MaxRetries, spec.MaxRetries ?? int.MaxValue);
            return new CategoryRetryView(budget, policy.BaseDelay.TotalSeconds, policy.MaxDelay.TotalSeconds, own?.NotRetried(c) != true);
        });
        return new RetryPolicyView(own is null ? "tool-and-category" : "task", own?.MaxAttempts, own?.BaseDelaySeconds, own?.MaxDelaySeconds, notRetried, categories);
    }
}
