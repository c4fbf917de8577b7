using System.Text;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Tools;
using FaultTolerantRunner.Tools.BuiltIn;

namespace FaultTolerantRunner.Tests.Tools;

/// <summary>The batch tool's checkpoint stays small however many items it skips, and a resume continues the count.</summary>
public sealed class BatchToolTests
{
    private const string TaskId = "0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task Many_long_invalid_items_keep_every_checkpoint_within_the_bound_and_are_all_counted()
    {
        // 300 invalid items of 1,000 characters each: listed in full they would make a checkpoint of ~400 KB.
        var items = new JsonArray([.. Enumerable.Range(0, 300).Select(i => (JsonNode)new string('x', 1_000)), 1, 2]);
        var reports = new List<ProgressReport>();
        await using var context = Context(items, reports, checkpoint: null, attempt: 1);

        var result = (await new BatchTool().ExecuteAsync(context, CancellationToken.None)).Value!.AsObject();

        Assert.Equal(302, reports.Count);
        Assert.All(reports, r => Assert.InRange(Encoding.UTF8.GetByteCount(r.Checkpoint!), 1, 64 * 1024));
        Assert.Equal((3.0, 2, 300, BatchCheckpoint.MaxSkippedKept), ((double)result["sum"]!, (int)result["processed"]!, (int)result["skippedTotal"]!, result["skipped"]!.AsArray().Count));
    }

    [Fact]
    public async Task A_resumed_batch_goes_on_at_the_next_item_and_counts_the_earlier_skips()
    {
        var items = new JsonArray(1, "bad", 2, "worse", 4);
        var reports = new List<ProgressReport>();
        await using (var first = Context(items, reports, checkpoint: null, attempt: 1, failAfter: 2))
            await Assert.ThrowsAsync<InvalidOperationException>(() => new BatchTool().ExecuteAsync(first, CancellationToken.None));

        await using var second = Context(items, [], reports[^1].Checkpoint, attempt: 2);
        var result = (await new BatchTool().ExecuteAsync(second, CancellationToken.None)).Value!.AsObject();

        Assert.Equal((2, 7.0, 3, 2), ((int)result["resumedFrom"]!, (double)result["sum"]!, (int)result["processed"]!, (int)result["skippedTotal"]!));
        Assert.Equal(["items[1]", "items[3]"], result["skipped"]!.AsArray().Select(s => (string)s!["item"]!));
    }

    /// <param name="failAfter">Throw from the reporter once this many reports arrived: the attempt dies mid-batch.</param>
    private static AttemptContext Context(JsonArray items, List<ProgressReport> reports, string? checkpoint, int attempt, int failAfter = int.MaxValue) =>
        new(TaskId, attempt, "batch", ToolParameters.Parse(new JsonObject { ["items"] = items.DeepClone() }.ToJsonString()), null,
            TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1),
            progress: new AttemptProgress(r =>
            {
                reports.Add(r);
                if (reports.Count >= failAfter) throw new InvalidOperationException("the node died");
            }, checkpoint, 64 * 1024));
}
