namespace FaultTolerantRunner.Chaos.Tests;

/// <summary>The multi-node suites run one at a time: each starts three nodes on a 2-core box.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChaosCollection
{
    public const string Name = "chaos";
}
