using System.Text.RegularExpressions;
using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Node;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Cli.Tests;

/// <summary>
/// Every <c>ftr &lt;palette&gt; &lt;command&gt;</c> and HTTP route that users are told about — in the string literals of
/// src/** (advice texts, suggested actions, the palettes themselves) and in README.md — is one the node serves: compared
/// with the node's command catalog and the endpoints it maps. Each failure lists every offending place.
/// Left out of README.md: a command in a code block whose next line is ftr's failure line (an example of a mistake), and
/// regions between <c>&lt;!-- check-commands: off --&gt;</c> and <c>&lt;!-- check-commands: on --&gt;</c> (an embedder's own palette).
/// </summary>
public sealed partial class NamedCommandsAreServedTests : IAsyncLifetime
{
    private static readonly string Root = RepositoryRoot();
    private WebApplication _node = null!;
    private IReadOnlyList<CommandPalette> _palettes = [];
    private IReadOnlyList<(RoutePattern Pattern, IReadOnlyList<string>? Methods)> _endpoints = [];

    public Task InitializeAsync()
    {
        // Built, not started: the catalog and the endpoint table are complete before the actor system runs.
        _node = NodeHost.Build(["--urls=http://127.0.0.1:0", "--Cluster:Port=0", "--Logging:LogLevel:Default=Warning"]);
        _palettes = _node.Services.GetRequiredService<CommandCatalog>().Palettes;
        _endpoints = ((IEndpointRouteBuilder)_node).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Select(e => (e.RoutePattern, e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods)).ToArray();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public void Every_command_of_the_catalog_calls_a_mapped_endpoint()
    {
        var offending = new List<string>();
        foreach (var palette in _palettes)
        {
            foreach (var command in palette.Commands)
            {
                offending.AddRange(Problem(command.Method, command.Route).Select(p => $"ftr {palette.Name} {command.Name}: {p}"));
                if (command.AlternateRoute is { } alternate)
                    offending.AddRange(Problem(command.AlternateMethod ?? command.Method, alternate).Select(p => $"ftr {palette.Name} {command.Name} (alternate): {p}"));
            }
        }

        Assert.True(offending.Count == 0, "commands whose route the node does not serve:\n" + string.Join('\n', offending));
    }

    [Fact]
    public void Source_strings_name_only_commands_and_routes_the_node_serves()
    {
        var offending = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal)) continue;
                foreach (Match literal in StringLiteral().Matches(lines[i]))
                    offending.AddRange(Check(literal.Value).Select(p => $"{Path.GetRelativePath(Root, file)}:{i + 1}: {p}"));
            }
        }

        Assert.True(offending.Count == 0, "source strings naming what the node does not serve:\n" + string.Join('\n', offending));
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("src/FaultTolerantRunner/README.md")]
    [InlineData("src/FaultTolerantRunner.Node/README.md")]
    [InlineData("src/FaultTolerantRunner.Cli/README.md")]
    public void The_readme_names_only_commands_and_routes_the_node_serves(string readme)
    {
        var offending = new List<string>();
        var lines = File.ReadAllLines(Path.Combine(Root, readme));
        bool inFence = false, skipping = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Contains("<!-- check-commands: off -->", StringComparison.Ordinal)) skipping = true;
            if (line.Contains("<!-- check-commands: on -->", StringComparison.Ordinal)) skipping = false;
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }
            // A command shown with ftr's failure line under it is an example of a mistake (a typo, a missing argument).
            var failsInExample = inFence && i + 1 < lines.Length && lines[i + 1].StartsWith("ftr: ", StringComparison.Ordinal);
            if (skipping || failsInExample) continue;
            // Code is what readers copy: fenced blocks whole, elsewhere the `code spans`.
            var code = inFence ? [line] : CodeSpan().Matches(line).Select(m => m.Groups[1].Value);
            foreach (var text in code) offending.AddRange(Check(text).Select(p => $"{readme}:{i + 1}: {p}"));
        }

        Assert.True(offending.Count == 0, "README lines naming what the node does not serve:\n" + string.Join('\n', offending));
    }

    private IEnumerable<string> Check(string text)
    {
        foreach (Match m in FtrCommand().Matches(text))
        {
            var name = m.Groups["palette"].Value;
            var palette = _palettes.FirstOrDefault(p => p.Name == name);
            if (palette is null)
            {
                yield return $"`{m.Value.Trim()}`: no palette '{name}' (palettes: {string.Join(", ", _palettes.Select(p => p.Name))})";
                continue;
            }
            var command = m.Groups["command"];
            // A palette with a command of its own name takes an argument next (ftr run <tool>), not a command.
            if (!command.Success || palette.Commands.Any(c => c.Name == palette.Name) || palette.Commands.Any(c => c.Name == command.Value)) continue;
            yield return $"`{m.Value.Trim()}`: palette '{name}' has no command '{command.Value}' (commands: {string.Join(", ", palette.Commands.Select(c => c.Name))})";
        }
        foreach (Match m in HttpRoute().Matches(text))
        {
            var method = m.Groups["method"].Success ? m.Groups["method"].Value : null;
            foreach (var problem in Problem(method, m.Groups["route"].Value)) yield return $"`{m.Value.Trim()}`: {problem}";
        }
    }

    /// <summary>Why a route (a template, an example with real ids, or an interpolated string) is not served; nothing when it is.</summary>
    private IEnumerable<string> Problem(string? method, string route)
    {
        var path = route.Split('?')[0].TrimEnd('.', ':', ',');
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var matches = _endpoints.Where(e => Matches(e.Pattern, segments)).ToArray();
        if (matches.Length == 0)
            yield return $"no endpoint at {path}";
        else if (method is not null && !matches.Any(e => e.Methods is null || e.Methods.Contains(method, StringComparer.OrdinalIgnoreCase)))
            yield return $"{path} is served, but not for {method} (methods: {string.Join(", ", matches.SelectMany(e => e.Methods ?? []).Distinct())})";
    }

    private static bool Matches(RoutePattern pattern, string[] segments)
    {
        if (pattern.PathSegments.Count != segments.Length) return false;
        for (var i = 0; i < segments.Length; i++)
        {
            var parts = pattern.PathSegments[i].Parts;
            var literal = parts.Count == 1 && parts[0] is RoutePatternLiteralPart l ? l.Content : null;
            // A literal must be written out; a parameter takes any value, including a {hole} of an interpolated string.
            if (literal is not null && !string.Equals(literal, segments[i], StringComparison.OrdinalIgnoreCase)) return false;
        }
        return true;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FaultTolerantRunner.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no FaultTolerantRunner.sln above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    /// <summary><c>ftr [node] palette [command]</c>; a word followed by ':' is not a palette (<c>ftr host:port</c>, <c>ftr: …</c>).</summary>
    [GeneratedRegex(@"\bftr\s+(?:(?:https?://\S+|[\w.-]+:\d+)\s+)?(?<palette>[a-z][a-z0-9-]*)(?![\w:-])(?:\s+(?<command>[a-z][a-z0-9-]*)(?![\w-]))?")]
    private static partial Regex FtrCommand();

    /// <summary>
    /// A route on its own (<c>GET /health/ready</c>), or the path of a URL when it is under <c>/api/</c>: other paths of URLs
    /// belong to the services tools call (<c>http://127.0.0.1:8080/health</c>).
    /// </summary>
    [GeneratedRegex(@"(?:\b(?<method>GET|POST|PUT|DELETE|PATCH)\s+)?(?<route>(?<![\w.:/-])/(?:api|health|metrics)\b[^\s""'`<>()\[\],;|…]*|(?<=\w)/api/[^\s""'`<>()\[\],;|…]*)")]
    private static partial Regex HttpRoute();
}
