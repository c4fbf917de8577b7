namespace FaultTolerantRunner.Cli.Tests.Support;

/// <summary>The palette tests share one node: starting a node costs seconds, the tests only add their own tasks.</summary>
[CollectionDefinition(Name)]
public sealed class NodeCollection : ICollectionFixture<CliNodeFixture>
{
    public const string Name = "node";
}
