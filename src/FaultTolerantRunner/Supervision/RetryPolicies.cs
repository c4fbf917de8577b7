using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Supervision;

/// <summary>Retry policies per category (DESIGN.md defaults), overridable per tool (configuration <c>Retry</c>).</summary>
public sealed class RetryPolicies
{
    public static IReadOnlyDictionary<ErrorCategory, RetryPolicy> Defaults { get; } = new Dictionary<ErrorCategory, RetryPolicy>
    {
        [ErrorCategory.Transient] = new(5, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(60), 0.2),
        // Queue-and-wait: resources free slowly, so wait longer and longer before trying again.
        [ErrorCategory.Resource] = new(10, TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(5), 0.2, MaxWait: RetryPolicy.DefaultResourceMaxWait),
        [ErrorCategory.Timeout] = new(3, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30), 0.2, TimeoutGrowth: 2),
        [ErrorCategory.External] = new(8, TimeSpan.FromSeconds(2), 2, TimeSpan.FromMinutes(2), 0.2),
        [ErrorCategory.Unknown] = new(1, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(10), 0.2),
        [ErrorCategory.Validation] = RetryPolicy.None,
        [ErrorCategory.Permanent] = RetryPolicy.None,
        [ErrorCategory.Critical] = RetryPolicy.None,
    };

    private readonly IReadOnlyDictionary<ErrorCategory, RetryPolicy> _categories;
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<ErrorCategory, RetryPolicy>> _tools;

    public RetryPolicies(IReadOnlyDictionary<ErrorCategory, RetryPolicy>? categories = null,
        IReadOnlyDictionary<string, IReadOnlyDictionary<ErrorCategory, RetryPolicy>>? tools = null)
    {
        _categories = categories ?? Defaults;
        _tools = tools ?? new Dictionary<string, IReadOnlyDictionary<ErrorCategory, RetryPolicy>>();
    }

    /// <summary>The limits on a task's own policy (<c>Retry:Bounds</c>).</summary>
    public RetryBounds Bounds { get; init; } = new();

    public RetryPolicy For(string tool, ErrorCategory category) =>
        _tools.TryGetValue(tool, out var perTool) && perTool.TryGetValue(category, out var own) ? own
        : _categories.TryGetValue(category, out var policy) ? policy
        : Defaults[category];
}
