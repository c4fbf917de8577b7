using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Tools;

/// <summary>
/// A tool that knows how to ask for less on a retry (a smaller batch, fewer rows per call): level 2 of progressive
/// recovery may run the next attempt with the reduced parameters.
/// </summary>
public interface IReducibleTool
{
    /// <summary>The reduced parameters, or null when they cannot be reduced any further.</summary>
    JsonObject? Reduce(ToolParameters parameters);
}
