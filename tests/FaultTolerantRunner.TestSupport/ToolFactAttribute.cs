using Xunit;

namespace FaultTolerantRunner.TestSupport;

/// <summary>
/// A test that runs an <see cref="ExternalTool"/>: skipped, naming the package, when the tool is missing outside CI;
/// mandatory with CI=true, where the test's <see cref="ExternalTool.Require"/> fails naming the package.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string command)
    {
        var tool = ExternalTool.Named(command);
        Skip = Ci.SkipUnless(tool.IsInstalled, tool.Absence);
    }
}
