namespace FaultTolerantRunner.Taxonomy;

/// <summary>The class of a failure; it decides what the runner does next (see DESIGN.md, the error taxonomy).</summary>
public enum ErrorCategory
{
    Unknown,
    Transient,
    Resource,
    Timeout,
    External,
    Validation,
    Permanent,
    Critical,
}
