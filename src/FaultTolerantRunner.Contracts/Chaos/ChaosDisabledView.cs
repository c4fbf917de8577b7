namespace FaultTolerantRunner.Contracts;

/// <summary><c>DELETE /api/chaos/{target}</c>: the switch is off.</summary>
public sealed record ChaosDisabledView(string Target, bool Enabled);
