using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Node.Tests.Support;

/// <summary>Reads a problem+json body and checks it carries every member of FTR's error format.</summary>
public static class Problem
{
    private static readonly string[] Members =
        ["category", "code", "severity", "message", "details", "suggestedActions", "recoveryAttempted", "recoveryLevel", "taskId", "timestamp", "status", "type", "title"];

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        foreach (var member in Members) Assert.True(body.ContainsKey(member), $"problem lacks '{member}': {body}");
        Assert.Equal((int)response.StatusCode, (int)body["status"]!);
        Assert.NotEmpty(body["suggestedActions"]!.AsArray());
        return body;
    }
}
