namespace FaultTolerantRunner.Tasks;

/// <summary>
/// What a task list asks of the task index; every criterion given must hold. <paramref name="Since"/> (inclusive) and
/// <paramref name="Until"/> (exclusive) bound the acceptance time; <paramref name="Category"/> is the last error's;
/// <paramref name="Text"/> is a case-insensitive substring of the parameters JSON (its first
/// <see cref="TaskSummary.MaxParametersText"/> characters) or of the last error message; <paramref name="Fingerprint"/> is the
/// last error's (as the error groups of <c>/api/errors</c> name it).
/// </summary>
public sealed record TaskFilter(TaskStatus? State = null, string? Tool = null, DateTimeOffset? Since = null,
    DateTimeOffset? Until = null, Taxonomy.ErrorCategory? Category = null, string? IdempotencyKey = null, string? Text = null,
    string? Fingerprint = null)
{
    public static readonly TaskFilter All = new();

    /// <summary>No criterion at all: a bulk act refuses it, so that a typo cannot touch every task.</summary>
    public bool IsEmpty => this with { Text = string.IsNullOrEmpty(Text) ? null : Text } == All;

    public bool Matches(TaskSummary task) =>
        (State is null || task.Status == State)
        && (Tool is null || string.Equals(task.Tool, Tool, StringComparison.Ordinal))
        && (Since is null || task.AcceptedAt >= Since)
        && (Until is null || task.AcceptedAt < Until)
        && (Category is null || task.Category == Category)
        && (IdempotencyKey is null || string.Equals(task.IdempotencyKey, IdempotencyKey, StringComparison.Ordinal))
        && (Fingerprint is null || string.Equals(task.Fingerprint, Fingerprint, StringComparison.Ordinal))
        && (string.IsNullOrEmpty(Text) || Contains(task.ParametersText, Text) || Contains(task.LastError, Text));

    private static bool Contains(string? haystack, string needle) =>
        haystack is not null && haystack.Contains(needle, StringComparison.OrdinalIgnoreCase);
}
