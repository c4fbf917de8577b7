using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Node.Tests.Support;
using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Node.Tests;

/// <summary>A node with a process tool whose shell starts a grandchild and writes its pid, so tests can see the tree die.</summary>
public sealed class ChaosFaultFixture : NodeFixture
{
    protected override IEnumerable<string> ExtraArgs =>
    [
        "--Tools:Process:nap:Command=/bin/sh",
        "--Tools:Process:nap:Arguments:0=-c",
        "--Tools:Process:nap:Arguments:1=sleep 60 & echo $! > {pidfile}; wait",
        "--Tools:Process:nap:Parameters:pidfile:Required=true",
        "--Tasks:KillGrace=00:00:01",
    ];
}

/// <summary>
/// Hang and crash on one real node: a hung process attempt is ended by the attempt timeout and its process tree killed; a
/// crash SIGKILLs the tree mid-run and the attempt fails as a killed process; /api/chaos shows scope and where a switch is in force.
/// </summary>
public sealed class ChaosFaultTests(ChaosFaultFixture node) : IClassFixture<ChaosFaultFixture>
{
    [Fact]
    public async Task A_hang_ignores_cancellation_so_the_timeout_kills_the_process_tree()
    {
        var pidFile = Path.Combine(node.Directory, "hang.pid");
        var enabled = await EnableAsync("nap", new { fault = "hang", rate = 1 });
        try
        {
            var clock = Stopwatch.StartNew();
            var id = (string)(await node.SubmitAsync(new { tool = "nap", parameters = new { pidfile = pidFile }, timeoutSeconds = 1, maxRetries = 0 }))["id"]!;
            var task = await node.AwaitTaskAsync(id, t => FailedAttempt(t) is not null, "the hung attempt failed", TimeSpan.FromSeconds(30));
            var error = FailedAttempt(task)!;

            Assert.Equal("hang", (string?)enabled["fault"]);
            Assert.Equal("timeout", (string?)error["category"]);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the timeout took {clock.Elapsed}");
            await AssertKilledAsync(pidFile);
        }
        finally
        {
            await node.Http.DeleteAsync("/api/chaos/nap");
        }
    }

    [Fact]
    public async Task A_crash_kills_the_process_tree_mid_run_and_the_attempt_fails_as_a_killed_process()
    {
        var pidFile = Path.Combine(node.Directory, "crash.pid");
        await EnableAsync("nap", new { fault = "crash", rate = 1, latencyMs = 700 });
        try
        {
            var id = (string)(await node.SubmitAsync(new { tool = "nap", parameters = new { pidfile = pidFile }, timeoutSeconds = 30, maxRetries = 0 }))["id"]!;
            var task = await node.AwaitTaskAsync(id, t => FailedAttempt(t) is not null, "the crashed attempt failed", TimeSpan.FromSeconds(30));
            var error = FailedAttempt(task)!;

            Assert.Equal("resource", (string?)error["category"]);
            Assert.Contains("exited with code 137", (string?)error["message"]);
            await AssertKilledAsync(pidFile);
        }
        finally
        {
            await node.Http.DeleteAsync("/api/chaos/nap");
        }
    }

    [Fact]
    public async Task A_switch_scoped_to_this_node_shows_where_it_is_in_force()
    {
        var self = (string)(await node.Http.GetFromJsonAsync<JsonObject>("/api/cluster/status"))!["self"]!;
        var port = self[(self.LastIndexOf(':') + 1)..];
        var enabled = await EnableAsync("echo", new { category = "transient", rate = 0, node = $"127.0.0.1:{port}" });
        try
        {
            var listed = (await node.Http.GetFromJsonAsync<JsonObject>("/api/chaos"))!["items"]!.AsArray().Single(s => (string?)s!["target"] == "echo")!;

            Assert.Equal(self, (string?)enabled["scope"]);
            Assert.Equal(self, (string?)Assert.Single(listed["inForceOn"]!.AsArray()));
            Assert.Equal("error", (string?)listed["fault"]);
        }
        finally
        {
            await node.Http.DeleteAsync("/api/chaos/echo");
        }
    }

    [Theory]
    [InlineData("{\"fault\":\"hang\",\"category\":\"transient\",\"rate\":1}", "a hang takes no category")]
    [InlineData("{\"fault\":\"freeze\",\"rate\":1}", "unknown fault 'freeze'")]
    [InlineData("{\"fault\":\"crash\",\"rate\":1,\"node\":\"10.1.2.3:4053\"}", "'10.1.2.3:4053' is not a member of this cluster")]
    [InlineData("{\"rate\":1}", "category is required for an error fault")]
    public async Task Invalid_faults_and_scopes_are_refused_with_a_problem(string body, string message)
    {
        using var response = await node.Http.PostAsync("/api/chaos/nap", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await Problem.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (string?)problem["message"]);
        Assert.DoesNotContain((await node.Http.GetFromJsonAsync<JsonObject>("/api/chaos"))!["items"]!.AsArray(), s => (string?)s!["target"] == "nap");
    }

    private async Task<JsonObject> EnableAsync(string target, object body)
    {
        using var response = await node.Http.PostAsJsonAsync($"/api/chaos/{target}", body);
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(response.IsSuccessStatusCode, json.ToJsonString());
        return json;
    }

    private static JsonObject? FailedAttempt(JsonObject task) =>
        task["attemptHistory"]!.AsArray().Select(a => a!["error"]).OfType<JsonObject>().FirstOrDefault();

    private static async Task AssertKilledAsync(string pidFile)
    {
        var grandchild = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), CultureInfo.InvariantCulture);
        await Eventually.Until(() => Task.FromResult(ProcessTree.IsAlive(grandchild)), alive => !alive, TimeSpan.FromSeconds(10),
            $"the tool's grandchild {grandchild} killed");
    }
}
