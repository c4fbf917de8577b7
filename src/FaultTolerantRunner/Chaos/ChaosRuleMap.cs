using System.Text.Json;
using Akka.Cluster;
using Akka.DistributedData;

namespace FaultTolerantRunner.Chaos;

/// <summary>
/// The replicated form of the switches, pure: a last-writer-wins map from target to the switch as JSON (a string value, so the
/// map travels with Akka's own serializers and no binding of ours). Merge is the CRDT's: for each target the latest write wins,
/// a removal seen after a write takes the switch away everywhere.
/// </summary>
public static class ChaosRuleMap
{
    public static LWWDictionary<string, string> Put(LWWDictionary<string, string> map, UniqueAddress writer, ChaosRule rule) =>
        map.SetItem(writer, rule.Target, JsonSerializer.Serialize(rule));

    public static LWWDictionary<string, string> Remove(LWWDictionary<string, string> map, UniqueAddress writer, string target) =>
        map.Remove(writer, target);

    /// <summary>The switches in the map; an entry that does not parse (another version wrote it) is reported and left out.</summary>
    public static IReadOnlyCollection<ChaosRule> Rules(LWWDictionary<string, string> map, Action<string, string>? unreadable = null)
    {
        var rules = new List<ChaosRule>();
        foreach (var (target, json) in map.Entries)
        {
            try
            {
                if (JsonSerializer.Deserialize<ChaosRule>(json) is { } rule) rules.Add(rule);
            }
            catch (JsonException e)
            {
                unreadable?.Invoke(target, e.Message);
            }
        }
        return rules;
    }
}
