using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Contracts;

/// <summary>
/// A fault-injection switch that is on: which tool or service, which fault (and the category it ends in), how often, how slow,
/// where it is scoped (<c>all</c> or a member address) and the members it is in force on as the answering node sees them.
/// </summary>
public sealed record ChaosSwitchView(string Target, string AppliesTo, ErrorCategory Category, double Rate, int LatencyMs, DateTimeOffset EnabledAt,
    string Fault, string Scope, IReadOnlyList<string> InForceOn);
