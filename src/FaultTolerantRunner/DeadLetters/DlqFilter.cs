namespace FaultTolerantRunner.DeadLetters;

/// <summary>Which dead-letter queue entries a list or a bulk act means: by tool, error category and dead-letter time.</summary>
public sealed record DlqFilter(string? Tool = null, Taxonomy.ErrorCategory? Category = null, DateTimeOffset? Since = null)
{
    public static readonly DlqFilter All = new();

    public bool IsEmpty => Tool is null && Category is null && Since is null;
}
