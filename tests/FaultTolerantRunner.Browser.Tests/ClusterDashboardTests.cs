using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Browser.Tests;

/// <summary>A 3-node cluster on one PostgreSQL database: any node's dashboard lists the whole cluster's tasks.</summary>
public sealed class ClusterDashboardTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    [PostgresFact]
    public async Task Tasks_submitted_to_the_first_node_are_listed_on_the_third_nodes_tasks_page()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var ports = Enumerable.Range(0, 3).Select(_ => (Http: FreePort.Next(), Remote: FreePort.Next())).ToArray();
        var seeds = string.Join(',', ports.Select(p => $"akka.tcp://ftr@127.0.0.1:{p.Remote}"));
        var nodes = new List<NodeProcess>();
        try
        {
            foreach (var (http, remote) in ports)
            {
                nodes.Add(NodeProcess.Start(
                    $"--urls=http://127.0.0.1:{http}", "--Cluster:Profile=multi", $"--Cluster:Port={remote}", $"--Cluster:SeedNodes={seeds}",
                    $"--Persistence:ConnectionString={database.ConnectionString}", "--Logging:LogLevel:Default=Warning"));
            }
            var clients = ports.Select(p => new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{p.Http}"), Timeout = TimeSpan.FromSeconds(30) }).ToArray();
            for (var i = 0; i < clients.Length; i++)
            {
                var client = clients[i];
                var node = nodes[i];
                await Eventually.Until(async () => node.HasExited || (await client.GetAsync("/health/ready")).IsSuccessStatusCode, ready => ready,
                    StartTimeout, $"node {i + 1} ready");
                Assert.False(node.HasExited, $"node {i + 1} exited while starting:\n{node.Output}");
            }
            await Eventually.Until(async () => (await clients[2].GetFromJsonAsync<JsonObject>("/api/cluster"))!,
                v => v["items"]!.AsArray().Count(m => (string?)m!["status"] == "Up") == 3, StartTimeout, "node 3 seeing 3 members Up");

            var ids = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                var response = await clients[0].PostAsJsonAsync("/api/tasks", new { tool = "echo", parameters = new { text = $"from node 1, #{i}" } });
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
                ids.Add((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
            }

            // Plain HTTP is enough here: the page's rows are server-rendered; the browser tests cover the pages' scripts.
            var page = await Eventually.Until(() => clients[2].GetStringAsync("/dashboard/tasks"),
                html => ids.All(id => html.Contains($"data-id=\"{id}\"", StringComparison.Ordinal)), TimeSpan.FromSeconds(60),
                "node 3's tasks page listing the tasks submitted to node 1");
            Assert.Contains("<h1", page);
            foreach (var client in clients) client.Dispose();
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }
}
