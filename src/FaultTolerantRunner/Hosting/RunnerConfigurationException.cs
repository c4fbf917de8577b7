namespace FaultTolerantRunner.Hosting;

/// <summary>A bad setting, named by its configuration key so the operator knows what to fix.</summary>
public sealed class RunnerConfigurationException(string key, string problem)
    : Exception($"{key} {problem}")
{
    public string Key { get; } = key;
}
