namespace FaultTolerantRunner.Taxonomy;

/// <summary>Wire names of the taxonomy enums: lower-case everywhere (API, CLI, metrics, journal).</summary>
public static class Names
{
    public static string Of(ErrorCategory category) => category.ToString().ToLowerInvariant();

    public static string Of(Severity severity) => severity.ToString().ToLowerInvariant();

    public static string Of(Directive directive) => directive.ToString().ToLowerInvariant();

    /// <summary>The category a wire name stands for; null for anything else (numbers included).</summary>
    public static ErrorCategory? CategoryOf(string? name) => Parse<ErrorCategory>(name);

    /// <summary>The severity a wire name stands for; null for anything else (numbers included).</summary>
    public static Severity? SeverityOf(string? name) => Parse<Severity>(name);

    private static T? Parse<T>(string? name) where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => string.Equals(v.ToString(), name, StringComparison.OrdinalIgnoreCase));
}
