namespace FaultTolerantRunner.Contracts;

/// <summary>Whether the node takes new tasks: the journal's state and, per priority, <c>accepted</c> or why not.</summary>
public sealed record IntakeView(string Journal, string Low, string Normal, long ManagedMb);
