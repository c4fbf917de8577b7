namespace FaultTolerantRunner.Taxonomy;

/// <summary>What a category means when a rule says no more: severity, directive, retryability (DESIGN.md table).</summary>
public static class CategoryDefaults
{
    public static Severity SeverityOf(ErrorCategory category) => category switch
    {
        ErrorCategory.Transient => Severity.Low,
        ErrorCategory.Validation => Severity.Low,
        ErrorCategory.Resource => Severity.High,
        ErrorCategory.Critical => Severity.Critical,
        _ => Severity.Medium,
    };

    public static Directive DirectiveOf(ErrorCategory category) => category switch
    {
        ErrorCategory.Transient or ErrorCategory.Resource or ErrorCategory.Timeout or ErrorCategory.External => Directive.Restart,
        ErrorCategory.Validation or ErrorCategory.Permanent => Directive.Stop,
        ErrorCategory.Critical => Directive.Escalate,
        _ => Directive.Restart, // unknown: one retry, then stop (its retry policy allows one)
    };

    public static Classification For(ErrorCategory category, string rule, string? advice = null) =>
        new(category, SeverityOf(category), DirectiveOf(category) == Directive.Restart, DirectiveOf(category), rule, advice);
}
