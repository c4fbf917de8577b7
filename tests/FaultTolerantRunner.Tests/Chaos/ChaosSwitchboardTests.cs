using FaultTolerantRunner.Chaos;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tools;
using FaultTolerantRunner.Tools.BuiltIn;

namespace FaultTolerantRunner.Tests.Chaos;

public sealed class ChaosSwitchboardTests
{
    [Theory]
    [InlineData("transient", ErrorCategory.Transient)]
    [InlineData("timeout", ErrorCategory.Timeout)]
    [InlineData("external", ErrorCategory.External)]
    [InlineData("resource", ErrorCategory.Resource)]
    [InlineData("validation", ErrorCategory.Validation)]
    [InlineData("permanent", ErrorCategory.Permanent)]
    [InlineData("critical", ErrorCategory.Critical)]
    public void Injected_faults_classify_as_their_category(string category, ErrorCategory expected)
    {
        var fault = ChaosFaults.Create(category, "payments");

        Assert.Equal(expected, RuleBasedClassifier.Default.Classify(fault).Category);
    }

    [Fact]
    public async Task Rate_decides_with_the_injected_random()
    {
        var board = new ChaosSwitchboard(new Random(42), TimeProvider.System);
        board.Enable("echo", "transient", 0.5, 0);
        var expected = new Random(42);

        for (var i = 0; i < 20; i++)
        {
            var shouldFail = expected.NextDouble() < 0.5;
            var failed = await Fails(board.Wrap("echo", new EchoTool()));
            Assert.Equal(shouldFail, failed);
        }
    }

    [Fact]
    public async Task Disabled_switch_lets_every_call_through()
    {
        var board = new ChaosSwitchboard(new Random(1), TimeProvider.System);
        board.Enable("echo", "permanent", 1, 0);
        Assert.True(board.Disable("echo"));

        Assert.False(await Fails(board.Wrap("echo", new EchoTool())));
    }

    [Fact]
    public async Task Switch_for_another_tool_does_not_touch_this_one()
    {
        var board = new ChaosSwitchboard(new Random(1), TimeProvider.System);
        board.Enable("http", "external", 1, 0);

        Assert.False(await Fails(board.Wrap("echo", new EchoTool())));
    }

    [Fact]
    public async Task Switch_for_a_guarded_service_fails_calls_to_that_service_before_they_leave()
    {
        var board = new ChaosSwitchboard(new Random(1), TimeProvider.System);
        board.Enable("payments", "external", 1, 0);
        var http = board.Wrap("http", new HttpTool());
        await using var context = new AttemptContext("0123456789abcdef0123456789abcdef", 1, "http",
            ToolParameters.Parse("{\"url\":\"http://127.0.0.1:9/charge\",\"service\":\"payments\"}"), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.ExecuteAsync(context, CancellationToken.None));

        Assert.StartsWith("chaos:", error.Message);
        Assert.Equal(ErrorCategory.External, RuleBasedClassifier.Default.Classify(error).Category);
    }

    [Fact]
    public void Guarded_tools_stay_guarded_through_the_wrapper()
    {
        var board = new ChaosSwitchboard();

        Assert.IsAssignableFrom<IGuardedTool>(board.Wrap("http", new HttpTool()));
        Assert.IsNotAssignableFrom<IGuardedTool>(board.Wrap("echo", new EchoTool()));
    }

    [Theory]
    [InlineData("", "transient", 0.5, 0)]
    [InlineData("echo", "flaky", 0.5, 0)]
    [InlineData("echo", "transient", 1.5, 0)]
    [InlineData("echo", "transient", -0.1, 0)]
    [InlineData("echo", "transient", 0.5, -1)]
    public void Invalid_switches_are_refused(string target, string category, double rate, int latency)
    {
        var board = new ChaosSwitchboard();

        Assert.Throws<ArgumentException>(() => board.Enable(target, category, rate, latency));
        Assert.True(board.IsEmpty);
    }

    private static async Task<bool> Fails(ITaskHandler handler)
    {
        await using var context = new AttemptContext("0123456789abcdef0123456789abcdef", 1, "echo",
            ToolParameters.Parse("{\"text\":\"hi\"}"), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));
        try
        {
            await handler.ExecuteAsync(context, CancellationToken.None);
            return false;
        }
        catch (Exception)
        {
            return true;
        }
    }
}
