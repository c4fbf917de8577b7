using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Node.Tests.Support;
using Microsoft.Data.Sqlite;

namespace FaultTolerantRunner.Node.Tests;

public sealed class BadInputTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    public static TheoryData<string, string, string, int, string, string> Cases => new()
    {
        // name, content type, body, status, code, text the message must contain
        { "unknown tool", "application/json", """{"tool":"ecoh"}""", 400, "unknown-tool", "did you mean 'echo'" },
        { "missing tool", "application/json", """{"parameters":{}}""", 400, "missing-tool", "known tools" },
        { "missing parameter", "application/json", """{"tool":"sleep"}""", 400, "missing-parameter", "'ms' (integer)" },
        { "ill-typed parameter", "application/json", """{"tool":"sleep","parameters":{"ms":"later"}}""", 400, "invalid-parameter-type", "must be an integer" },
        { "unknown parameter", "application/json", """{"tool":"sleep","parameters":{"ms":1,"msec":2}}""", 400, "unknown-parameter", "msec" },
        { "nonexistent file", "application/json", """{"tool":"word-count","parameters":{"file":"/no/such/dir/input.txt"}}""", 400, "file-not-found", "/no/such/dir/input.txt" },
        { "malformed json", "application/json", """{"tool":"echo",""", 400, "malformed-json", "not valid JSON" },
        { "json array", "application/json", """["echo"]""", 400, "malformed-body", "JSON object" },
        { "wrong field type", "application/json", """{"tool":"echo","timeoutSeconds":"soon"}""", 400, "invalid-field-type", "timeoutSeconds" },
        { "number as a string", "application/json", """{"tool":"echo","timeoutSeconds":"60"}""", 400, "invalid-field-type", "timeoutSeconds" },
        { "unknown field", "application/json", """{"tool":"echo","params":{}}""", 400, "unknown-field", "did you mean 'parameters'" },
        { "timeout out of range", "application/json", """{"tool":"echo","timeoutSeconds":0}""", 400, "invalid-timeout", "timeoutSeconds" },
        { "wrong content type", "text/plain", """{"tool":"echo"}""", 415, "unsupported-media-type", "text/plain" },
        { "duplicate key", "application/json", """{"tool":"echo","tool":"sleep"}""", 400, "malformed-json", "not valid JSON" },
        { "empty file path", "application/json", """{"tool":"word-count","parameters":{"file":""}}""", 400, "invalid-parameter", "file path" },
        { "lone surrogate in a parameter", "application/json", """{"tool":"echo","parameters":{"text":"\ud800"}}""", 400, "invalid-unicode",
            @"parameters.text holds a lone UTF-16 surrogate (\ud800); send valid Unicode" },
        { "high surrogate without its low half", "application/json", """{"tool":"echo","parameters":{"text":"a\ud83d\u0041"}}""", 400, "invalid-unicode",
            @"parameters.text holds a lone UTF-16 surrogate (\ud83d)" },
        { "lone low surrogate in a list", "application/json", """{"tool":"echo","parameters":{"data":["ok","\udc00"]}}""", 400, "invalid-unicode",
            @"parameters.data[1] holds a lone UTF-16 surrogate (\udc00)" },
        { "lone surrogate in a field name", "application/json", """{"tool":"echo","parameters":{"te\ud800xt":"a"}}""", 400, "invalid-unicode",
            @"a field name in parameters holds a lone UTF-16 surrogate (\ud800)" },
        { "lone surrogate in a top-level name", "application/json", """{"tool":"echo","too\udfffl":"x"}""", 400, "invalid-unicode", "a field name holds" },
        { "negative retries", "application/json", """{"tool":"echo","maxRetries":-1}""", 400, "invalid-max-retries", "maxRetries" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_submissions_get_an_actionable_problem_and_nothing_is_accepted(
        string name, string contentType, string body, int status, string code, string mentions)
    {
        var before = await TaskCountAsync();

        var response = await node.Http.PostAsync("/api/tasks", new StringContent(body, Encoding.UTF8, contentType));
        var problem = await Problem.ReadAsync(response);

        Assert.True(status == (int)response.StatusCode, $"{name}: expected {status}, got {(int)response.StatusCode}: {problem}");
        Assert.Equal(code, (string?)problem["code"]);
        Assert.Contains(mentions, (string?)problem["message"]);
        Assert.Equal("validation", (string?)problem["category"]);
        Assert.Equal(before, await TaskCountAsync());
    }

    [Theory]
    [InlineData("/api/errors/classify", """{"message":"\ud800"}""", "message holds")]
    [InlineData("/api/schedules", """{"name":"n","cron":"* * * * *","tool":"echo","parameters":{"text":"\udc00"}}""", "parameters.text holds")]
    [InlineData("/api/cluster/join", """{"address":"\udbff"}""", "address holds")]
    [InlineData("/api/dlq/requeue", """{"tool":"\ud800","tool":"x"}""", "tool holds")]
    public async Task A_lone_surrogate_is_a_400_naming_the_field_on_every_body(string route, string body, string mentions)
    {
        var response = await node.Http.PostAsync(route, new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await Problem.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid-unicode", (string?)problem["code"]);
        Assert.Contains(mentions, (string?)problem["message"]);
    }

    [Fact]
    public async Task An_oversized_body_is_413_and_the_node_keeps_serving()
    {
        var accepted = await node.SubmitAsync(new { tool = "echo", parameters = new { text = "kept" } });
        var huge = "{\"tool\":\"echo\",\"parameters\":{\"text\":\"" + new string('x', 2 * 1024 * 1024) + "\"}}";

        // Expect: 100-continue lets the node refuse by the Content-Length alone, as a well-behaved client expects.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tasks") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        var response = await node.Http.SendAsync(request);
        var problem = await Problem.ReadAsync(response);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body-too-large", (string?)problem["code"]);
        await node.AwaitStateAsync((string)accepted["id"]!, "Succeeded");
    }

    [Fact]
    public async Task List_filters_are_validated()
    {
        var badState = await node.Http.GetAsync("/api/tasks?state=Runing");
        var flagList = await node.Http.GetAsync("/api/tasks?state=Running,Failed");
        Assert.Equal("invalid-state", (string?)(await Problem.ReadAsync(flagList))["code"]);
        var badLimit = await node.Http.GetAsync("/api/tasks?limit=0");

        Assert.Contains("did you mean 'Running'", (string?)(await Problem.ReadAsync(badState))["message"]);
        Assert.Equal("invalid-query", (string?)(await Problem.ReadAsync(badLimit))["code"]);
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_are_problem_json()
    {
        var route = await node.Http.GetAsync("/api/nothing-here");
        var method = await node.Http.DeleteAsync("/api/tools");

        Assert.Equal(HttpStatusCode.NotFound, route.StatusCode);
        Assert.Equal("route-not-found", (string?)(await Problem.ReadAsync(route))["code"]);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, method.StatusCode);
        Assert.Equal("method-not-allowed", (string?)(await Problem.ReadAsync(method))["code"]);
    }

    private Task<long> TaskCountAsync()
    {
        // Bad input must never reach the journal: count the task events written so far.
        using var connection = new SqliteConnection($"Data Source={Path.Combine(node.Directory, "ftr.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal'";
        if ((long)command.ExecuteScalar()! == 0) return Task.FromResult(0L); // nothing was ever journaled
        command.CommandText = "SELECT COUNT(*) FROM journal WHERE persistence_id LIKE 'task-%'";
        return Task.FromResult((long)command.ExecuteScalar()!);
    }
}
