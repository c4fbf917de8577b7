using System.Text.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Node.Commands;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Cli.Tests;

/// <summary>The contract's wire format, as node and client both read and write it, without a node.</summary>
public sealed class WireContractTests
{
    [Fact]
    public void Problems_carry_the_taxonomy_in_lower_case_and_every_member_even_when_empty()
    {
        var problem = FtrProblem.Transient("ask-timeout", Severity.Medium, "the error registry did not answer", "retry in a moment");

        var json = JsonSerializer.SerializeToNode(ProblemResponse.From(problem, 503), WireJson.Options)!.AsObject();

        Assert.Equal("transient", (string?)json["category"]);
        Assert.Equal("medium", (string?)json["severity"]);
        Assert.Equal("urn:ftr:problem:ask-timeout", (string?)json["type"]);
        Assert.Equal(503, (int)json["status"]!);
        foreach (var member in new[] { "details", "recoveryLevel", "taskId" })
            Assert.True(json.ContainsKey(member) && json[member] is null, $"'{member}' should be written as null: {json}");
    }

    [Fact]
    public void Taxonomy_names_read_back_but_numbers_are_refused()
    {
        Assert.Equal(ErrorCategory.Permanent, JsonSerializer.Deserialize<ErrorCategory>("\"permanent\"", WireJson.Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Severity>("2", WireJson.Options));
    }

    [Fact]
    public void A_page_names_the_next_offset_until_the_last_page()
    {
        var all = Enumerable.Range(1, 5).ToArray();

        var first = ListPage<int>.Slice(all, 0, 2);
        var last = ListPage<int>.Slice(all, 4, 2);

        Assert.Equal([1, 2], first.Items);
        Assert.Equal((5, 2), (first.Total, first.NextOffset));
        Assert.Equal([5], last.Items);
        Assert.Null(last.NextOffset);
        Assert.False(JsonSerializer.SerializeToNode(last, WireJson.Options)!.AsObject().ContainsKey("nextOffset"));
    }

    [Fact]
    public void The_client_reads_the_catalog_the_node_writes_without_losing_a_field()
    {
        var written = JsonSerializer.Serialize(new CommandCatalogView(CommandHost.BuiltIn), WireJson.Options);

        var read = JsonSerializer.Deserialize<CommandCatalogView>(written, WireJson.Options)!;

        Assert.Equal(written, JsonSerializer.Serialize(read, WireJson.Options));
        var dlqRequeue = read.Palettes.Single(p => p.Name == "dlq").Commands.Single(c => c.Name == "requeue");
        Assert.Equal((CommandInputLocation.BodyFields, "/api/dlq/requeue"), (dlqRequeue.Inputs[1].Location, dlqRequeue.AlternateRoute));
        // Catalog enums keep their names as today's clients read them ("Request", "BodyFields").
        Assert.Equal("Request", (string?)JsonNode.Parse(written)!["palettes"]![0]!["commands"]![0]!["mode"]);
    }

    [Fact]
    public void Retrying_a_task_and_requeueing_it_from_the_queue_are_one_route()
    {
        var retry = CommandHost.BuiltIn.Single(p => p.Name == "tasks").Commands.Single(c => c.Name == "retry");
        var requeue = CommandHost.BuiltIn.Single(p => p.Name == "dlq").Commands.Single(c => c.Name == "requeue");

        Assert.Equal((requeue.Method, requeue.Route), (retry.Method, retry.Route));
    }
}
