using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Tools;
using FaultTolerantRunner.Tools.BuiltIn;

namespace FaultTolerantRunner.Tests.Tools;

public sealed class ToolRegistryTests
{
    private readonly ToolRegistry _registry = new(new Dictionary<string, Func<ITaskHandler>>
    {
        ["echo"] = () => new EchoTool(),
        ["sleep"] = () => new SleepTool(),
    });

    [Fact]
    public void An_unknown_tool_lists_the_known_ones_and_the_closest_match()
    {
        var problem = Assert.Throws<FtrProblemException>(() => _registry.Validate("slep", null)).Problem;

        Assert.Equal("unknown-tool", problem.Code);
        Assert.Contains("known tools: echo, sleep", problem.Message);
        Assert.Contains("did you mean 'sleep'", problem.Message);
    }

    [Fact]
    public void A_reset_tool_gets_a_fresh_handler_instance()
    {
        var before = _registry.Get("echo");
        Assert.Same(before, _registry.Get("echo"));

        _registry.Reset("echo");

        Assert.NotSame(before, _registry.Get("echo"));
    }
}
