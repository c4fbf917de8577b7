using System.Text.Json.Nodes;
using FaultTolerantRunner.Cli.Output;

namespace FaultTolerantRunner.Cli.Tests;

/// <summary>How a nested value reads in a table cell: JSON, but as a person types it.</summary>
public sealed class JsonViewTests
{
    [Fact]
    public void A_nested_object_keeps_plus_signs_accents_and_quotes_unescaped()
    {
        var cell = JsonView.Cell(JsonNode.Parse("""{"at":"2026-12-03T20:23:04+01:00","message":"café \"done\""}"""));

        Assert.Equal("""{"at":"2026-12-03T20:23:04+01:00","message":"café \"done\""}""", cell);
    }
}
