using System.Text.Json;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Tools.BuiltIn;

/// <summary>Where a <see cref="BatchTool"/> run is: the next item, the totals so far and the items skipped by earlier attempts.</summary>
public sealed record BatchCheckpoint(int Next, double Sum, int Processed, int Chunks, JsonArray Skipped)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The checkpoint an earlier attempt left, or the start; one that does not fit these items is a bug, not a resume point.</summary>
    public static BatchCheckpoint Parse(string? checkpoint, int items)
    {
        if (checkpoint is null) return new BatchCheckpoint(0, 0, 0, 0, []);
        var node = JsonNode.Parse(checkpoint) as JsonObject ?? throw new FormatException($"batch checkpoint is not a JSON object: {checkpoint}");
        var next = node["next"]?.GetValue<int>() ?? 0;
        if (next < 0 || next > items) throw new FormatException($"batch checkpoint's next item {next} is outside the {items} items");
        return new BatchCheckpoint(next, node["sum"]?.GetValue<double>() ?? 0, node["processed"]?.GetValue<int>() ?? 0,
            node["chunks"]?.GetValue<int>() ?? 0, node["skipped"] as JsonArray ?? []);
    }

    /// <summary>The earlier attempts' skipped items, then this attempt's.</summary>
    public JsonArray SkippedWith(IReadOnlyList<SkippedItem> now)
    {
        var all = (JsonArray)Skipped.DeepClone();
        foreach (var item in now) all.Add(JsonSerializer.SerializeToNode(item, Json));
        return all;
    }

    public string ToJson() => new JsonObject { ["next"] = Next, ["sum"] = Sum, ["processed"] = Processed, ["chunks"] = Chunks, ["skipped"] = Skipped.DeepClone() }.ToJsonString();
}
