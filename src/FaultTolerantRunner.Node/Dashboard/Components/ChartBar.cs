namespace FaultTolerantRunner.Node.Dashboard.Components;

/// <summary>One bar of a <see cref="BarChart"/>: a good part and a bad part stacked on it.</summary>
public sealed record ChartBar(string Label, int Good, int Bad);
