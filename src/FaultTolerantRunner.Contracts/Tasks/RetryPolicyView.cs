namespace FaultTolerantRunner.Contracts;

/// <summary>
/// A task's effective retry policy: <c>source</c> is <c>task</c> when it set its own (the submit body's <c>retry</c>),
/// else <c>tool-and-category</c>; delays in seconds. <c>categories</c> holds what each retryable category retries by
/// (on <c>GET /api/tasks/{id}</c>).
/// </summary>
public sealed record RetryPolicyView(
    string Source,
    int? MaxAttempts,
    double? BaseDelay,
    double? MaxDelay,
    IReadOnlyList<string> NonRetryableCategories,
    IReadOnlyDictionary<string, CategoryRetryView>? Categories = null);
