using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace FaultTolerantRunner.Node.Tests;

/// <summary>The http tool against a real HTTP server on 127.0.0.1 that answers with injected faults.</summary>
public sealed class HttpToolTests(NodeFixture node) : IClassFixture<NodeFixture>, IAsyncLifetime
{
    private WebApplication _service = null!;

    private string ServiceUrl => _service.Urls.First();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _service = builder.Build();
        _service.MapGet("/ok", (HttpRequest request) => Results.Json(new { attempt = request.Headers["X-Ftr-Attempt"].ToString() }));
        _service.MapGet("/unavailable", () => Results.Text("overloaded", statusCode: 503));
        _service.MapPost("/echo", async (HttpRequest request) => Results.Text(await new StreamReader(request.Body).ReadToEndAsync()));
        await _service.StartAsync();
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task A_successful_call_returns_status_and_body()
    {
        var task = await node.SubmitAsync(new { tool = "http", parameters = new { url = ServiceUrl + "/ok" } });

        var done = await node.AwaitStateAsync((string)task["id"]!, "Succeeded");

        Assert.Equal(200, (int)done["result"]!["status"]!);
        Assert.Contains("\"attempt\":\"1\"", (string?)done["result"]!["body"]);
    }

    [Fact]
    public async Task A_json_body_is_posted()
    {
        var task = await node.SubmitAsync(new { tool = "http", parameters = new { url = ServiceUrl + "/echo", method = "POST", body = new { order = 4711 } } });

        var done = await node.AwaitStateAsync((string)task["id"]!, "Succeeded");

        Assert.Equal("{\"order\":4711}", (string?)done["result"]!["body"]);
    }

    [Fact]
    public async Task A_503_answer_is_retried_until_the_budget_is_spent_then_dead_lettered_with_the_status()
    {
        var task = await node.SubmitAsync(new { tool = "http", parameters = new { url = ServiceUrl + "/unavailable" }, maxRetries = 2 });

        var failed = await node.AwaitStateAsync((string)task["id"]!, "DeadLettered");
        Assert.True(3 == (int)failed["attempts"]!, string.Join("\n", failed["history"]!.AsArray().Select(h => $"{h!["event"]} {h["status"]} {h["detail"]}")));

        var error = failed["lastError"]!;
        Assert.Equal(typeof(HttpRequestException).FullName, (string?)error["type"]);
        Assert.Contains("503", (string?)error["message"]);
        Assert.Contains("overloaded", (string?)error["message"]);
    }

    [Fact]
    public async Task A_refused_connection_is_classified_transient()
    {
        var closedPort = FreePort.Next();
        var task = await node.SubmitAsync(new { tool = "http", parameters = new { url = $"http://127.0.0.1:{closedPort}/" }, maxRetries = 1 });

        var failed = await node.AwaitStateAsync((string)task["id"]!, "DeadLettered");

        Assert.Equal("transient", (string?)failed["lastError"]!["category"]);
    }
}
