using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Node.Tests.Support;
using Npgsql;

namespace FaultTolerantRunner.Node.Tests;

/// <summary>
/// No Docker engine runs here, so the node PROCESS is started with exactly the environment the Dockerfile and the compose
/// file give a node container (host names mapped to 127.0.0.1, ports to free ones, the database to a test one): what
/// would stop a container at start stops this process too.
/// </summary>
public sealed class ContainerEnvironmentTests
{
    private const string TestKey = "container-test-key-0123456789";
    private static readonly string[] Hosts = ["node1", "node2", "node3"];
    private readonly ContainerFiles _files = ContainerFiles.Load();

    [Fact]
    public void The_committed_env_example_is_refused_by_compose_interpolation_naming_the_variable()
    {
        var example = ContainerFiles.ReadEnvFile(Repository.PathTo("docker", ".env.example"));

        var refused = Assert.Throws<InvalidOperationException>(() => _files.Environment("node1", example));

        Assert.Contains("FTR_API_KEY", refused.Message);
        Assert.Contains(".env", refused.Message);
    }

    [Fact]
    public async Task The_image_alone_without_a_key_stops_at_start_naming_Security_ApiKeys()
    {
        // `docker run ftr-node` with no -e: the image listens beyond loopback, so a key is mandatory.
        var env = new Dictionary<string, string>(ContainerFiles.BaseImageEnvironment);
        foreach (var (name, value) in _files.DockerfileEnvironment) env[name] = value.Replace(":5080", $":{FreePort.Next()}");
        await using var node = NodeProcess.Start(env);

        var exit = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        Assert.StartsWith("ftr-node: configuration error: Security:ApiKeys", node.Output.Trim());
    }

    [PostgresFact]
    public async Task Two_nodes_started_as_compose_starts_them_become_ready_and_form_one_cluster()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var variables = ContainerFiles.ReadEnvFile(Repository.PathTo("docker", ".env.example"));
        variables["FTR_API_KEY"] = TestKey;
        var remote = Hosts.ToDictionary(h => h, _ => FreePort.Next());
        var http = Hosts.ToDictionary(h => h, _ => FreePort.Next());

        await using var node1 = NodeProcess.Start(ContainerEnvironment("node1", variables, remote, http, database));
        using var client1 = Client(http["node1"]);
        await WaitReadyAsync(client1, node1);
        await using var node2 = NodeProcess.Start(ContainerEnvironment("node2", variables, remote, http, database));
        using var client2 = Client(http["node2"]);
        await WaitReadyAsync(client2, node2);

        var view = await Eventually.Until(() => client1.GetFromJsonAsync<JsonObject>("/api/cluster"),
            v => v!["items"]!.AsArray().Count(m => (string?)m!["status"] == "Up") == 2, TimeSpan.FromSeconds(60), "both members Up");
        var addresses = view!["items"]!.AsArray().Select(m => (string?)m!["address"]).Order().ToList();
        Assert.Equal(new[] { remote["node1"], remote["node2"] }.Select(p => $"akka.tcp://ftr@127.0.0.1:{p}").Order(), addresses);

        // The key from .env is the one the node asks for: without it a state change is refused, with it accepted.
        using var anonymous = await client2.PostAsJsonAsync("/api/tasks", new { tool = "echo", parameters = new { text = "hi" } });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tasks") { Content = JsonContent.Create(new { tool = "echo", parameters = new { text = "hi" } }) };
        request.Headers.Add("X-Api-Key", TestKey);
        using var accepted = await client2.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    /// <summary>
    /// Base image, Dockerfile ENV and the service's compose environment, in the order a container layers them, then only
    /// what must differ on one host: host names, ports, and the database (checked against the postgres service first).
    /// </summary>
    private Dictionary<string, string> ContainerEnvironment(string service, IReadOnlyDictionary<string, string> variables,
        IReadOnlyDictionary<string, int> remote, IReadOnlyDictionary<string, int> http, PostgresDatabase database)
    {
        var env = new Dictionary<string, string>(ContainerFiles.BaseImageEnvironment);
        foreach (var (name, value) in _files.DockerfileEnvironment) env[name] = value;
        foreach (var (name, value) in _files.Environment(service, variables)) env[name] = value;

        var containerPort = ContainerHttpPort(service);
        Assert.Equal($"http://0.0.0.0:{containerPort}", env["urls"]);
        env["urls"] = $"http://0.0.0.0:{http[service]}";
        Assert.Equal(service, env["Cluster__Hostname"]);
        Assert.Equal(service, (string)_files.Service(service)["hostname"]);
        env["Cluster__Hostname"] = "127.0.0.1";
        var remotePort = env["Cluster__Port"];
        env["Cluster__Port"] = remote[service].ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["Cluster__SeedNodes"] = Hosts.Aggregate(env["Cluster__SeedNodes"], (seeds, h) => seeds.Replace($"@{h}:{remotePort}", $"@127.0.0.1:{remote[h]}"));
        env["Persistence__ConnectionString"] = TestDatabase(env["Persistence__ConnectionString"], database);

        foreach (var (name, value) in env.Where(e => e.Key != "Persistence__ConnectionString"))
            Assert.False(Hosts.Append("postgres").Any(h => value.Contains(h, StringComparison.Ordinal)), $"{name}={value} still names a container host");
        return env;
    }

    /// <summary>The compose connection string must reach the postgres service with its own database and credentials.</summary>
    private string TestDatabase(string compose, PostgresDatabase database)
    {
        var postgres = (Dictionary<object, object>)_files.Service("postgres")["environment"];
        var wanted = new NpgsqlConnectionStringBuilder(compose);
        Assert.Equal("postgres", wanted.Host);
        Assert.Equal((string)postgres["POSTGRES_DB"], wanted.Database);
        Assert.Equal((string)postgres["POSTGRES_USER"], wanted.Username);
        Assert.Equal((string)postgres["POSTGRES_PASSWORD"], wanted.Password);
        return database.ConnectionString;
    }

    /// <summary>The container side of the service's one published port (<c>127.0.0.1:5081:5080</c>).</summary>
    private int ContainerHttpPort(string service)
    {
        var port = (string)Assert.Single((List<object>)_files.Service(service)["ports"]);
        var parts = port.Split(':');
        Assert.Equal("127.0.0.1", parts[0]);
        return int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static HttpClient Client(int port) => new() { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

    private static Task WaitReadyAsync(HttpClient http, NodeProcess node) =>
        Eventually.Until(async () =>
            {
                if (node.HasExited) throw new InvalidOperationException($"the node exited:\n{node.Output}");
                return await http.GetAsync("/health/ready");
            },
            r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(90), "node ready");
}
