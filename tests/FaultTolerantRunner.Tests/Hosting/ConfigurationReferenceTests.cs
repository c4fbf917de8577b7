using System.Text.RegularExpressions;
using FaultTolerantRunner.Hosting;
using Microsoft.Extensions.Configuration;

namespace FaultTolerantRunner.Tests.Hosting;

/// <summary>
/// cluster-config/README.md is the configuration reference: it lists exactly the keys the runner binds, with their real
/// defaults; the profiles beside it hold only what differs from those defaults.
/// </summary>
public sealed partial class ConfigurationReferenceTests
{
    private static readonly string ConfigDirectory = Path.Combine(RepositoryRoot(), "cluster-config");

    [Fact]
    public void Every_key_the_runner_binds_is_documented_and_nothing_else()
    {
        var documented = RunnerRows().Select(r => r.Key).ToList();
        var bound = RunnerKeys.Schema.Leaves().Select(l => l.Path).ToList();

        Assert.Empty(documented.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Equal(bound.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_documented_default_is_the_default_in_code()
    {
        var keys = RunnerKeys.Schema.Leaves().ToDictionary(l => l.Path, l => l.Key);
        var wrong = new List<string>();
        foreach (var (key, defaultCell) in RunnerRows())
        {
            if (!keys.TryGetValue(key, out var node) || node.Kind != ConfigKeyKind.Value || node.Default is null) continue;
            var literal = Literal().Match(defaultCell);
            if (!literal.Success) wrong.Add($"{key}: default '{defaultCell}' is not written as `{node.Default}`");
            else if (!Equals(Parse(literal.Groups[1].Value, node.Type!), node.Default)) wrong.Add($"{key}: documented {literal.Value}, code says {node.Default}");
        }

        Assert.Empty(wrong);
    }

    [Theory]
    [InlineData("single-node.json")]
    [InlineData("multi.json")]
    public void A_profile_holds_only_what_differs_from_the_defaults(string profile)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(ConfigDirectory, profile)).Build();
        var keys = RunnerKeys.Schema.Leaves().ToDictionary(l => l.Path, l => l.Key, StringComparer.OrdinalIgnoreCase);

        RunnerConfiguration.Load(configuration);
        var restated = configuration.AsEnumerable()
            .Where(kv => kv.Value is not null && keys.TryGetValue(kv.Key, out var node) && node.Kind == ConfigKeyKind.Value
                         && node.Default is not null && Equals(Parse(kv.Value, node.Type!), node.Default))
            .Select(kv => kv.Key);
        Assert.Empty(restated);
    }

    /// <summary>Rows of the tables under "## Runner keys": the key and the default cell.</summary>
    private static IEnumerable<(string Key, string Default)> RunnerRows()
    {
        var inRunnerKeys = false;
        foreach (var line in File.ReadLines(Path.Combine(ConfigDirectory, "README.md")))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal)) inRunnerKeys = line == "## Runner keys";
            if (!inRunnerKeys) continue;
            var row = Row().Match(line);
            if (row.Success) yield return (row.Groups[1].Value, row.Groups[2].Value.Trim());
        }
    }

    private static object? Parse(string text, Type type) =>
        new ConfigurationBuilder().AddInMemoryCollection([new KeyValuePair<string, string?>("v", text)]).Build().GetValue(type, "v");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FaultTolerantRunner.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }

    [GeneratedRegex(@"^\| `([^`]+)` \|([^|]*)\|")]
    private static partial Regex Row();

    [GeneratedRegex(@"^`([^`]*)`$")]
    private static partial Regex Literal();
}
