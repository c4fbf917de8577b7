using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Node.Tests.Support;
using FaultTolerantRunner.TestSupport;

namespace FaultTolerantRunner.Node.Tests;

/// <summary>Every list the node answers comes in one envelope: items, total, offset, limit, nextOffset (absent on the last page), complete.</summary>
public sealed class ListEnvelopeTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static readonly string[] Members = ["items", "total", "offset", "limit", "nextOffset", "complete"];

    [Theory]
    [InlineData("/api/tasks")]
    [InlineData("/api/dlq")]
    [InlineData("/api/tools")]
    [InlineData("/api/breakers")]
    [InlineData("/api/chaos")]
    [InlineData("/api/recovery/levels")]
    [InlineData("/api/errors")]
    [InlineData("/api/cluster")]
    [InlineData("/api/actors")]
    public async Task A_list_endpoint_answers_in_the_list_envelope_and_nothing_else(string route)
    {
        // A read model answers complete=false while it is still catching up with the journal after the node's start;
        // on a node with nothing left to read it turns true.
        var page = await Eventually.Until(async () => (await node.Http.GetFromJsonAsync<JsonObject>(route))!,
            p => p["complete"] is JsonValue done && (bool)done, TimeSpan.FromSeconds(30), $"{route} caught up");

        Assert.All(page.Select(p => p.Key), key => Assert.Contains(key, Members));
        Assert.IsType<JsonArray>(page["items"]);
        Assert.Equal((0, true), ((int)page["offset"]!, (bool)page["complete"]!));
        Assert.True((int)page["total"]! >= page["items"]!.AsArray().Count, $"total below the page's size: {page}");
        Assert.True((int)page["limit"]! >= 1);
    }

    [Fact]
    public async Task Paging_through_a_list_follows_next_offset_to_the_last_page()
    {
        var first = (await node.Http.GetFromJsonAsync<JsonObject>("/api/tools?limit=2"))!;
        var total = (int)first["total"]!;
        var seen = first["items"]!.AsArray().Select(t => (string)t!["name"]!).ToList();
        var next = (int?)first["nextOffset"];
        while (next is { } offset)
        {
            var page = (await node.Http.GetFromJsonAsync<JsonObject>($"/api/tools?limit=2&offset={offset}"))!;
            seen.AddRange(page["items"]!.AsArray().Select(t => (string)t!["name"]!));
            next = (int?)page["nextOffset"];
        }

        Assert.True(total > 2, $"the node should serve more than two tools: {first}");
        Assert.Equal(total, seen.Distinct().Count());
    }
}
