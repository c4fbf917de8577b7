using System.Globalization;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Cli.Output;

/// <summary>Reads Prometheus text exposition into rows (FTR's own metrics only; histogram buckets left out).</summary>
public static class MetricsSummary
{
    public static JsonArray Parse(string text, string prefix = "ftr_")
    {
        var rows = new JsonArray();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || !line.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var braceEnd = line.LastIndexOf('}');
            var nameEnd = line.IndexOfAny(['{', ' ']);
            if (nameEnd < 0) continue;
            var name = line[..nameEnd];
            if (name.EndsWith("_bucket", StringComparison.Ordinal)) continue;
            var labels = string.Join(",", (line[nameEnd] == '{' && braceEnd > nameEnd ? line[(nameEnd + 1)..braceEnd] : "")
                .Split(',', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("otel_scope_", StringComparison.Ordinal)));
            var rest = line[((braceEnd > nameEnd ? braceEnd : nameEnd) + 1)..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (rest.Length == 0 || !double.TryParse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) continue;
            rows.Add(new JsonObject { ["name"] = name, ["labels"] = labels, ["value"] = value });
        }
        return rows;
    }
}
