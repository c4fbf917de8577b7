using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Chaos.Tests.Support;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Chaos.Tests;

/// <summary>
/// A task as large as the API accepts crosses nodes: its submission reaches an entity on the other node, its attempt's
/// result comes back in the state a read asks for. Remoting's frame limit (Akka's default is 128,000 bytes) must not
/// make the largest accepted task unreachable from every node but its own.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class LargeMessageTests(ITestOutputHelper output)
{
    [PostgresFact(Timeout = 240_000)]
    public async Task Tasks_near_the_body_limit_are_accepted_and_read_back_through_either_node()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var cluster = new NodeCluster(database, 2);
        await cluster.StartManyAsync(0, 1);
        await cluster.ConvergedAsync(TimeSpan.FromSeconds(60));

        // Quotes, backslashes and non-ASCII letters are what escaping makes longer; 150,000 of them, escaped by the client, stay under the 1 MiB body limit.
        var text = Text(150_000);
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            using var submitted = await cluster.Http(0).PostAsJsonAsync("/api/tasks", new { tool = "echo", parameters = new { text } });
            Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, $"task {i}: {(int)submitted.StatusCode} {await submitted.Content.ReadAsStringAsync()}");
            ids.Add((string)(await submitted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        }

        var nodes = new HashSet<string>();
        foreach (var id in ids)
        {
            var done = await Eventually.Until(() => TaskBook.TryGetAsync(cluster, id), t => (string?)t?["state"] == "Succeeded",
                TimeSpan.FromSeconds(30), $"task {id} Succeeded");
            nodes.Add((string)done!["attemptHistory"]![0]!["node"]!);
            foreach (var node in new[] { 0, 1 })
            {
                using var read = await cluster.Http(node).GetAsync($"/api/tasks/{id}");
                Assert.Equal(HttpStatusCode.OK, read.StatusCode);
                var task = (await read.Content.ReadFromJsonAsync<JsonObject>())!;
                Assert.Equal(text, (string?)task["parameters"]!["text"]);
            }
        }
        // Six ids spread over two nodes' shards: some entities lived on the node the request did not reach.
        Assert.Equal(2, nodes.Count);
        Report.Write(output, "Large tasks across nodes (2 nodes, PostgreSQL)",
            [$"6 echo tasks of {Encoding.UTF8.GetByteCount(text) / 1024} KiB text each, submitted to node 0, ran on {nodes.Count} nodes, read back from both"]);
    }

    private static string Text(int length)
    {
        var builder = new StringBuilder(length);
        const string alphabet = "\"\\éß漢a";
        for (var i = 0; i < length; i++) builder.Append(alphabet[i % alphabet.Length]);
        return builder.ToString();
    }
}
