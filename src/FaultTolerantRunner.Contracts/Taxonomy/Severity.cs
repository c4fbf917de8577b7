namespace FaultTolerantRunner.Taxonomy;

/// <summary>How urgent a failure is; decides the notification route.</summary>
public enum Severity
{
    Low,
    Medium,
    High,
    Critical,
}
