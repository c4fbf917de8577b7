using System.Text.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// A task's own retry policy (the submit body's <c>retry</c>), journaled in its spec: it overrides the tool's and the
/// category's policy for the retryable categories, within <see cref="RetryBounds"/>. Unset members keep the policy's.
/// </summary>
/// <param name="MaxAttempts">Most attempts the task makes since its last requeue (first attempt included).</param>
/// <param name="BaseDelaySeconds">The first retry's delay; later ones grow by the category's multiplier.</param>
/// <param name="MaxDelaySeconds">Cap of every retry's delay.</param>
/// <param name="NonRetryableCategories">Failures of these categories dead-letter the task at once.</param>
public sealed record TaskRetryPolicy(int? MaxAttempts = null, double? BaseDelaySeconds = null, double? MaxDelaySeconds = null,
    IReadOnlyList<ErrorCategory>? NonRetryableCategories = null)
{
    private const string Example = "\"retry\": {\"maxAttempts\": 5, \"baseDelay\": 2, \"maxDelay\": 60, \"nonRetryableCategories\": [\"external\"]} (delays in seconds)";

    public bool NotRetried(ErrorCategory category) => NonRetryableCategories?.Contains(category) == true;

    /// <summary>The category's policy with this task's members over it.</summary>
    public RetryPolicy Over(RetryPolicy policy)
    {
        var baseDelay = BaseDelaySeconds is { } b ? TimeSpan.FromSeconds(b) : policy.BaseDelay;
        var maxDelay = MaxDelaySeconds is { } m ? TimeSpan.FromSeconds(m) : policy.MaxDelay;
        return policy with
        {
            MaxRetries = MaxAttempts is { } attempts ? attempts - 1 : policy.MaxRetries,
            BaseDelay = baseDelay,
            // Only a base delay given, above the category's cap: the cap follows it rather than cutting it.
            MaxDelay = maxDelay < baseDelay ? baseDelay : maxDelay,
        };
    }

    /// <summary>Refuses (400, naming the bound) a policy outside the operator's bounds.</summary>
    public TaskRetryPolicy Check(RetryBounds bounds)
    {
        if (MaxAttempts is { } attempts && (attempts < 1 || attempts > bounds.MaxAttempts))
            throw Invalid($"retry.maxAttempts must be between 1 and Retry:Bounds:MaxAttempts ({bounds.MaxAttempts}) (got {attempts})");
        if (BaseDelaySeconds is { } b && (double.IsNaN(b) || b < bounds.MinBaseDelay.TotalSeconds || b > bounds.MaxDelay.TotalSeconds))
            throw Invalid($"retry.baseDelay must be between Retry:Bounds:MinBaseDelay ({bounds.MinBaseDelay.TotalSeconds:0.###} s) and Retry:Bounds:MaxDelay ({bounds.MaxDelay.TotalSeconds:0.###} s) (got {b})");
        if (MaxDelaySeconds is { } m && (double.IsNaN(m) || m < bounds.MinBaseDelay.TotalSeconds || m > bounds.MaxDelay.TotalSeconds))
            throw Invalid($"retry.maxDelay must be between Retry:Bounds:MinBaseDelay ({bounds.MinBaseDelay.TotalSeconds:0.###} s) and Retry:Bounds:MaxDelay ({bounds.MaxDelay.TotalSeconds:0.###} s) (got {m})");
        if (BaseDelaySeconds is { } low && MaxDelaySeconds is { } high && high < low)
            throw Invalid($"retry.maxDelay ({high}) must be at least retry.baseDelay ({low})");
        return this;
    }

    /// <summary>Reads the submit body's <c>retry</c> object (null: none); a member of the wrong kind or an unknown one is a 400.</summary>
    public static TaskRetryPolicy? FromJson(JsonObject? json)
    {
        if (json is null) return null;
        foreach (var (name, _) in json)
            if (name is not ("maxAttempts" or "baseDelay" or "maxDelay" or "nonRetryableCategories"))
                throw Invalid($"retry has no member '{name}'; members: maxAttempts, baseDelay, maxDelay, nonRetryableCategories");
        return new TaskRetryPolicy(Number<int>(json, "maxAttempts", "a whole number"), Number<double>(json, "baseDelay", "a number of seconds"),
            Number<double>(json, "maxDelay", "a number of seconds"), Categories(json["nonRetryableCategories"]));
    }

    private static T? Number<T>(JsonObject json, string name, string expected) where T : struct
    {
        var node = json[name];
        if (node is null) return null;
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<T>(out var number)) return number;
        throw Invalid($"retry.{name} must be {expected} (got {node.ToJsonString()})");
    }

    private static ErrorCategory[]? Categories(JsonNode? node)
    {
        if (node is null) return null;
        var names = string.Join(", ", Enum.GetNames<ErrorCategory>().Select(n => n.ToLowerInvariant()));
        if (node is not JsonArray array) throw Invalid($"retry.nonRetryableCategories must be an array of categories ({names})");
        return [.. array.Select(item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String && Names.CategoryOf((string?)v) is { } category
            ? category
            : throw Invalid($"retry.nonRetryableCategories: {item?.ToJsonString() ?? "null"} is not a category; use one of {names}"))];
    }

    public static FtrProblemException Invalid(string message) =>
        new(FtrProblem.Validation("invalid-retry", message, null, $"use e.g. {Example}; omit retry to use the tool's and categories' policies"));
}
