using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Node.Tests.Support;

namespace FaultTolerantRunner.Node.Tests;

public sealed class ClassifyApiTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Theory]
    [InlineData("""{"exceptionType":"System.IO.IOException","message":"No space left on device"}""", "resource", "restart", "resource.disk-full")]
    [InlineData("""{"httpStatus":429}""", "transient", "restart", "transient.http")]
    [InlineData("""{"exceptionType":"Npgsql.PostgresException","message":"28P01: password authentication failed for user \"ftr\""}""", "permanent", "stop", "permanent.sqlstate")]
    [InlineData("""{"exitCode":137}""", "resource", "restart", "resource.oom-killed")]
    [InlineData("""{"exceptionType":"System.AccessViolationException","message":"Attempted to read or write protected memory."}""", "critical", "escalate", "critical.runtime")]
    [InlineData("""{"exceptionType":"System.InvalidOperationException","message":"Sequence contains no elements"}""", "unknown", "restart", "unknown.unmatched")]
    public async Task Operators_see_what_the_runner_would_do_with_an_error(string body, string category, string directive, string rule)
    {
        var response = await node.Http.PostAsync("/api/errors/classify", new StringContent(body, Encoding.UTF8, "application/json"));
        var result = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(category, (string?)result["category"]);
        Assert.Equal(directive, (string?)result["directive"]);
        Assert.Equal(rule, (string?)result["rule"]);
        Assert.NotNull((string?)result["severity"]);
        Assert.Matches("^any:[a-z]+:[0-9a-f]{16}$", (string?)result["fingerprint"]);
        Assert.NotEmpty(result["suggestedActions"]!.AsArray());
    }

    [Theory]
    [InlineData("{}", "nothing-to-classify")]
    [InlineData("""{"httpStatus":"five hundred"}""", "invalid-field-type")]
    [InlineData("""{"httpStatus":42}""", "invalid-field")]
    [InlineData("""{"exception":"x"}""", "unknown-field")]
    public async Task Bad_bodies_get_a_problem(string body, string code)
    {
        var response = await node.Http.PostAsync("/api/errors/classify", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (string?)(await Problem.ReadAsync(response))["code"]);
    }

    [Fact]
    public async Task A_batch_skips_invalid_items_and_reports_them()
    {
        var task = await node.SubmitAsync(new { tool = "batch", parameters = new { items = new object?[] { 1, "two", 3 } } });

        var done = await node.AwaitStateAsync((string)task["id"]!, "Succeeded");

        Assert.Equal(4, (double)done["result"]!["sum"]!);
        Assert.Equal("items[1]", (string?)done["result"]!["skipped"]![0]!["item"]);
    }
}
