using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Contracts;

/// <summary>A fault-injection switch that is on: which tool or service, which failures, how often, how slow.</summary>
public sealed record ChaosSwitchView(string Target, string AppliesTo, ErrorCategory Category, double Rate, int LatencyMs, DateTimeOffset EnabledAt);
