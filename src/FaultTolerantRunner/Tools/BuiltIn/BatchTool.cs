using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Tools.BuiltIn;

/// <summary>
/// Processes a list of numbers (sums them), showing item-level supervision: an invalid item is skipped with its
/// error recorded (Resume) and the batch goes on; <c>failAt</c> injects a transient failure at an item index. After each
/// item it reports progress with a checkpoint (<c>{"next","sum","processed","chunks","skipped"}</c>); an attempt after a
/// failure, timeout or crash resumes at <c>next</c>, so no item is summed twice (<c>resumedFrom</c> in the result).
/// </summary>
public sealed class BatchTool : ITaskHandler, IReducibleTool
{
    public string Description => "Sums a list of numbers; invalid items are skipped and reported, the batch goes on.";

    public IReadOnlyList<ToolParameter> Parameters { get; } =
    [
        new("items", ParameterType.Json, Required: true, Description: "JSON array of items; numbers are valid, anything else is skipped.",
            Example: "[1,2,\"x\",4]"),
        new("failAt", ParameterType.Integer, Description: "Index where the first attempt fails with a transient error.", Minimum: 0),
        new("chunkSize", ParameterType.Integer, Description: "Items per chunk; recovery halves it when it reduces the batch.", Minimum: 1, Maximum: 1_000_000),
        new("delayMs", ParameterType.Integer, Description: "Milliseconds each item takes (a slow batch, e.g. to interrupt it midway).", Minimum: 0, Maximum: MaxDelayMs),
    ];

    public const int MaxDelayMs = 10_000;

    /// <summary>Halves the chunk size (starting from the whole list), down to one item per chunk.</summary>
    public JsonObject? Reduce(ToolParameters parameters)
    {
        var items = parameters.Optional("items") as JsonArray;
        var current = parameters.Has("chunkSize") ? parameters.GetInt64("chunkSize") : items?.Count ?? 1;
        if (current <= 1) return null;
        var reduced = (JsonObject)parameters.Values.DeepClone();
        reduced["chunkSize"] = Math.Max(1, current / 2);
        return reduced;
    }

    public async Task<ToolResult> ExecuteAsync(AttemptContext context, CancellationToken cancellation)
    {
        if (context.Parameters.Optional("items") is not JsonArray items)
            throw new ArgumentException("parameter 'items' must be a JSON array, e.g. [1,2,3]", "items");

        var failAt = context.Parameters.Has("failAt") ? context.Parameters.GetInt64("failAt") : -1;
        var chunkSize = context.Parameters.Has("chunkSize") ? context.Parameters.GetInt64("chunkSize") : Math.Max(1, items.Count);
        var delayMs = context.Parameters.Has("delayMs") ? context.Parameters.GetInt64("delayMs") : 0;
        var at = BatchCheckpoint.Parse(context.Checkpoint, items.Count);
        var (sum, processed, chunks) = (at.Sum, at.Processed, at.Chunks);
        for (var i = at.Next; i < items.Count; i++)
        {
            if (i % chunkSize == 0) chunks++;
            cancellation.ThrowIfCancellationRequested();
            if (delayMs > 0) await Task.Delay(TimeSpan.FromMilliseconds(delayMs), cancellation).ConfigureAwait(false);
            if (i == failAt && context.Attempt == 1) throw FlakyTool.Failure("transient", context.Attempt);
            try
            {
                sum += ParseItem(items[i], i);
                processed++;
            }
            catch (Exception e) when (context.TryResume($"items[{i}]", e))
            {
                // Skipped and recorded by TryResume.
            }
            var checkpoint = at.At(i + 1, sum, processed, chunks, context.SkippedItems).ToJson();
            // Under an operator's very small Tasks:MaxCheckpointBytes the batch still runs; it just cannot resume.
            await context.ReportProgressAsync(100.0 * (i + 1) / items.Count, $"{i + 1} of {items.Count} items",
                System.Text.Encoding.UTF8.GetByteCount(checkpoint) <= context.MaxCheckpointBytes ? checkpoint : null).ConfigureAwait(false);
        }
        var end = at.At(items.Count, sum, processed, chunks, context.SkippedItems);
        return ToolResult.Of(new { sum, processed, chunks, skipped = end.Skipped, skippedTotal = end.SkippedTotal, resumedFrom = at.Next });
    }

    private static double ParseItem(JsonNode? item, int index) =>
        item is JsonValue value && value.TryGetValue<double>(out var number)
            ? number
            : throw new FormatException($"item {index} is not a number: {item?.ToJsonString() ?? "null"}");
}
