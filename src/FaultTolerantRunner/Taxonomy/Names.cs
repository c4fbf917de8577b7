namespace FaultTolerantRunner.Taxonomy;

/// <summary>Wire names of the taxonomy enums: lower-case everywhere (API, CLI, metrics, journal).</summary>
public static class Names
{
    public static string Of(ErrorCategory category) => category.ToString().ToLowerInvariant();

    public static string Of(Severity severity) => severity.ToString().ToLowerInvariant();
}
