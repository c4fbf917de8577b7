using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Node.Tests.Support;

namespace FaultTolerantRunner.Node.Tests;

/// <summary>Continuations over HTTP: after / afterCondition, Awaiting until the predecessors arrived, cancelled when one cannot.</summary>
public sealed class ContinuationTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static DateTimeOffset Time(JsonNode? value) => DateTimeOffset.Parse((string)value!);

    [Fact]
    public async Task A_successor_awaits_listed_and_shown_then_runs_after_its_predecessor_succeeded()
    {
        var first = (string)(await node.SubmitAsync(new { tool = "sleep", parameters = new { ms = 1500 } }))["id"]!;

        var next = await node.SubmitAsync(new { tool = "echo", parameters = new { text = "then" }, after = new[] { first } });
        var id = (string)next["id"]!;

        Assert.Equal("Awaiting", (string?)next["state"]);
        Assert.Equal([first], next["after"]!.AsArray().Select(p => (string?)p));
        Assert.Equal("succeeded", (string?)next["afterCondition"]);
        Assert.Equal([first], next["awaiting"]!.AsArray().Select(p => (string?)p));
        await Eventually.Until(() => node.Http.GetFromJsonAsync<JsonObject>("/api/tasks?state=Awaiting&limit=500"),
            l => l!["items"]!.AsArray().Any(t => (string?)t!["id"] == id), TimeSpan.FromSeconds(5), "the task listed as Awaiting");
        var done = await node.AwaitStateAsync(first, "Succeeded");
        var ran = await node.AwaitStateAsync(id, "Succeeded");

        var succeededAt = Time(done["history"]!.AsArray().Last(h => (string?)h!["event"] == "attempt-succeeded")!["at"]);
        var startedAt = Time(ran["attemptHistory"]!.AsArray().Single()!["startedAt"]);
        Assert.True(startedAt >= succeededAt, $"the successor started {startedAt:O}, before its predecessor succeeded {succeededAt:O}");
        Assert.Empty(ran["awaiting"]!.AsArray());
    }

    [Fact]
    public async Task A_predecessor_cancelled_cancels_the_successor_with_a_reason_naming_it()
    {
        var first = (string)(await node.SubmitAsync(new { tool = "sleep", parameters = new { ms = 60000 } }))["id"]!;
        var id = (string)(await node.SubmitAsync(new { tool = "echo", after = new[] { first } }))["id"]!;

        Assert.Equal(HttpStatusCode.OK, (await node.Http.PostAsync($"/api/tasks/{first}/cancel", null)).StatusCode);
        var cancelled = await node.AwaitStateAsync(id, "Cancelled");

        var detail = (string?)cancelled["history"]!.AsArray().Last()!["detail"];
        Assert.Contains($"predecessor {first} ended Cancelled", detail);
        Assert.Empty(cancelled["attemptHistory"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"tool":"echo","after":[]}""", "invalid-after", "1 to 1000")]
    [InlineData("""{"tool":"echo","after":["nope"]}""", "invalid-after", "'nope' is not a task id")]
    [InlineData("""{"tool":"echo","after":["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]}""", "invalid-after", "listed twice")]
    [InlineData("""{"tool":"echo","afterCondition":"finished"}""", "invalid-after-condition", "only allowed together with after")]
    [InlineData("""{"tool":"echo","after":["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],"afterCondition":"done"}""", "invalid-after-condition", "succeeded or finished")]
    public async Task A_bad_after_is_a_400_that_names_the_field_and_the_limit(string body, string code, string says)
    {
        var response = await node.Http.PostAsync("/api/tasks", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await Problem.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (string?)problem["code"]);
        Assert.Contains(says, (string?)problem["message"]);
    }

    [Fact]
    public async Task More_than_1000_predecessors_or_the_tasks_own_id_are_refused()
    {
        var many = Enumerable.Range(0, 1001).Select(i => i.ToString("x32")).ToArray();
        var tooMany = await Problem.ReadAsync(await node.Http.PostAsJsonAsync("/api/tasks", new { tool = "echo", after = many }));
        var ownId = FaultTolerantRunner.Tasks.TaskIds.FromIdempotencyKey("self-wait");
        var self = await Problem.ReadAsync(await node.Http.PostAsJsonAsync("/api/tasks", new { tool = "echo", idempotencyKey = "self-wait", after = new[] { ownId } }));

        Assert.Contains("got 1001", (string?)tooMany["message"]);
        Assert.Contains("own id", (string?)self["message"]);
    }
}
