using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace FaultTolerantRunner.Node.Tests.Support;

/// <summary>
/// What docker/ gives a node container, read from the files themselves: the runtime stage's <c>ENV</c> lines, the compose
/// file's services (anchors and <c>&lt;&lt;</c> merges resolved by YamlDotNet) and the variables of an <c>.env</c> file.
/// </summary>
public sealed partial class ContainerFiles
{
    /// <summary>
    /// Environment the base image (mcr.microsoft.com/dotnet/aspnet:10.0) sets before our Dockerfile does; it is not in
    /// our files but every container has it, and ASPNETCORE_HTTP_PORTS would bind Kestrel if <c>urls</c> were missing.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> BaseImageEnvironment = new Dictionary<string, string>
    {
        ["ASPNETCORE_HTTP_PORTS"] = "8080",
        ["DOTNET_RUNNING_IN_CONTAINER"] = "true",
        ["APP_UID"] = "1654",
    };

    private readonly Dictionary<object, object> _compose;

    private ContainerFiles(string dockerfile, string compose)
    {
        DockerfileEnvironment = ParseEnv(dockerfile);
        using var reader = new StringReader(compose);
        _compose = new DeserializerBuilder().Build()
            .Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
    }

    public static ContainerFiles Load() => new(
        File.ReadAllText(Repository.PathTo("docker", "Dockerfile")),
        File.ReadAllText(Repository.PathTo("docker", "docker-compose.yml")));

    /// <summary>The <c>ENV</c> lines of the last (runtime) stage, in order.</summary>
    public IReadOnlyDictionary<string, string> DockerfileEnvironment { get; }

    public IReadOnlyDictionary<object, object> Service(string name) =>
        (Dictionary<object, object>)((Dictionary<object, object>)_compose["services"])[name];

    /// <summary>A service's <c>environment</c> map with compose interpolation applied from <paramref name="variables"/>.</summary>
    public IReadOnlyDictionary<string, string> Environment(string service, IReadOnlyDictionary<string, string> variables) =>
        ((Dictionary<object, object>)Service(service)["environment"])
        .ToDictionary(e => (string)e.Key, e => Interpolate((string)e.Value, variables));

    /// <summary>The raw (uninterpolated) environment value, to check what is committed.</summary>
    public string RawEnvironment(string service, string name) =>
        (string)((Dictionary<object, object>)Service(service)["environment"])[name];

    /// <summary><c>NAME=value</c> lines of an env file; comments and blank lines skipped.</summary>
    public static Dictionary<string, string> ReadEnvFile(string path) =>
        File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : "");

    /// <summary>
    /// Compose's variable syntax for the forms our file may use: <c>${NAME}</c>, <c>${NAME:-default}</c>, <c>${NAME:?message}</c>
    /// (unset or empty is an error carrying the message, as <c>docker compose up</c> reports it) and <c>$$</c>.
    /// </summary>
    public static string Interpolate(string value, IReadOnlyDictionary<string, string> variables) =>
        Variable().Replace(value, m =>
        {
            if (m.Value == "$$") return "$";
            var name = m.Groups["name"].Value;
            var set = variables.TryGetValue(name, out var found) && found.Length > 0;
            return m.Groups["op"].Value switch
            {
                ":?" when !set => throw new InvalidOperationException($"required variable {name} is missing a value: {m.Groups["arg"].Value}"),
                ":-" when !set => m.Groups["arg"].Value,
                "" or ":?" or ":-" => found ?? "",
                var op => throw new NotSupportedException($"compose interpolation '{op}' in '{value}' is not handled by this test"),
            };
        });

    private static Dictionary<string, string> ParseEnv(string dockerfile)
    {
        var lines = dockerfile.Split('\n').Select(l => l.Trim()).ToList();
        var runtime = lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal));
        var env = new Dictionary<string, string>();
        foreach (var line in lines.Skip(runtime).Where(l => l.StartsWith("ENV ", StringComparison.Ordinal)))
        {
            // Only the `ENV name=value [name=value…]` form without quotes or continuations: fail loudly on anything else.
            foreach (var pair in line[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = pair.Split('=', 2);
                if (parts.Length != 2 || pair.Contains('"') || pair.Contains('\\'))
                    throw new NotSupportedException($"Dockerfile line '{line}' is not in the ENV name=value form this test reads");
                env[parts[0]] = parts[1];
            }
        }
        return env;
    }

    [GeneratedRegex(@"\$\$|\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<op>:\?|:-|\?|-)?(?<arg>[^}]*)\}")]
    private static partial Regex Variable();
}
