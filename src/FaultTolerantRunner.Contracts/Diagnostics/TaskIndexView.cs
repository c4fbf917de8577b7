namespace FaultTolerantRunner.Contracts;

/// <summary>The node's task index: caught up with the journal or not, how far it read, and its re-scans.</summary>
public sealed record TaskIndexView(bool CaughtUp, int Tasks, long Offset, long Rereads, long LateEvents);
