namespace FaultTolerantRunner.Contracts;

/// <summary>What a requeue or purge by filter did: how many entries matched, and the ids it acted on.</summary>
public sealed record DlqBulkResult(int Matched, int Done, IReadOnlyList<string> Ids);
