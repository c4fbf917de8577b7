using Xunit;

namespace FaultTolerantRunner.TestSupport;

/// <summary>
/// A test that runs one or more <see cref="ExternalTool"/>s: skipped, naming the packages, when one is missing outside CI;
/// mandatory with CI=true, where the test's <see cref="ExternalTool.Require"/> fails naming the package.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] commands)
    {
        var missing = commands.Select(ExternalTool.Named).Where(t => !t.IsInstalled).Select(t => t.Absence).ToArray();
        Skip = Ci.SkipUnless(missing.Length == 0, string.Join("; ", missing));
    }
}
