using System.Text.Json.Nodes;
using FaultTolerantRunner.Cli.Output;

namespace FaultTolerantRunner.Cli.Tests;

/// <summary>The progress line under <c>ftr tasks show</c>, from the task view as the node sends it.</summary>
public sealed class ProgressLineTests
{
    [Fact]
    public void A_task_with_progress_gets_its_percent_message_and_attempt()
    {
        var task = JsonNode.Parse("""{"id":"t","progress":{"percent":42.5,"message":"17 of 40 items","at":"2026-12-03T12:00:00+00:00","attempt":2}}""");

        var line = ProgressLine.Of(task);

        Assert.StartsWith("Progress: 42.5% — 17 of 40 items (attempt 2, ", line);
    }

    [Fact]
    public void A_task_without_progress_gets_no_line()
    {
        Assert.Null(ProgressLine.Of(JsonNode.Parse("""{"id":"t","progress":null}""")));
        Assert.Null(ProgressLine.Of(JsonNode.Parse("""[1,2]""")));
    }
}
