namespace FaultTolerantRunner.Cli.Tests.Support;

/// <summary>A node with API keys configured: state-changing calls need one.</summary>
public sealed class KeyedNodeFixture : CliNodeFixture
{
    public const string Key = "test-key-0123456789abcdef";

    protected override IEnumerable<string> ExtraArgs => [$"--Security:ApiKeys:0={Key}"];
}
