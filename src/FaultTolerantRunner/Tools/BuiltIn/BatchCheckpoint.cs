using System.Text.Json;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Tools.BuiltIn;

/// <summary>
/// Where a <see cref="BatchTool"/> run is: the next item, the totals so far and the items skipped by earlier attempts — the
/// first <see cref="MaxSkippedKept"/> of them with their messages cut short, and how many in all, so that a batch with many
/// invalid items still fits Tasks:MaxCheckpointBytes.
/// </summary>
public sealed record BatchCheckpoint(int Next, double Sum, int Processed, int Chunks, JsonArray Skipped, int SkippedTotal = 0)
{
    /// <summary>Skipped items a checkpoint (and so the result of a resumed batch) lists; the rest are counted.</summary>
    public const int MaxSkippedKept = 50;

    private const int MaxMessageChars = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The checkpoint an earlier attempt left, or the start; one that does not fit these items is a bug, not a resume point.</summary>
    public static BatchCheckpoint Parse(string? checkpoint, int items)
    {
        if (checkpoint is null) return new BatchCheckpoint(0, 0, 0, 0, []);
        var node = JsonNode.Parse(checkpoint) as JsonObject ?? throw new FormatException($"batch checkpoint is not a JSON object: {checkpoint}");
        var next = node["next"]?.GetValue<int>() ?? 0;
        if (next < 0 || next > items) throw new FormatException($"batch checkpoint's next item {next} is outside the {items} items");
        var skipped = node["skipped"] as JsonArray ?? [];
        return new BatchCheckpoint(next, node["sum"]?.GetValue<double>() ?? 0, node["processed"]?.GetValue<int>() ?? 0,
            node["chunks"]?.GetValue<int>() ?? 0, skipped, node["skippedTotal"]?.GetValue<int>() ?? skipped.Count);
    }

    /// <summary>The earlier attempts' skipped items, then this attempt's, at most <see cref="MaxSkippedKept"/>.</summary>
    public JsonArray SkippedWith(IReadOnlyList<SkippedItem> now)
    {
        var all = (JsonArray)Skipped.DeepClone();
        foreach (var item in now.Take(Math.Max(0, MaxSkippedKept - all.Count)))
            all.Add(JsonSerializer.SerializeToNode(item with { Message = Cut(item.Message) }, Json));
        return all;
    }

    /// <summary>The checkpoint after item <paramref name="next"/> - 1, with this attempt's skipped items.</summary>
    public BatchCheckpoint At(int next, double sum, int processed, int chunks, IReadOnlyList<SkippedItem> now) =>
        new(next, sum, processed, chunks, SkippedWith(now), SkippedTotal + now.Count);

    public string ToJson() => new JsonObject
    {
        ["next"] = Next, ["sum"] = Sum, ["processed"] = Processed, ["chunks"] = Chunks, ["skipped"] = Skipped.DeepClone(), ["skippedTotal"] = SkippedTotal,
    }.ToJsonString();

    private static string Cut(string message) => message.Length <= MaxMessageChars ? message : message[..(MaxMessageChars - 1)] + "…";
}
