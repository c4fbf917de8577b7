namespace FaultTolerantRunner.Tools;

/// <summary>A tool that calls an external service: its calls go through that service's circuit breaker.</summary>
public interface IGuardedTool
{
    /// <summary>The guarded service a call with these parameters goes to (null: not guarded).</summary>
    string? ServiceFor(ToolParameters parameters);
}
