namespace FaultTolerantRunner.Contracts;

/// <summary>
/// What <c>POST /api/tasks/cancel</c> or <c>/retry</c> did (or, with <paramref name="DryRun"/>, would do).
/// </summary>
/// <param name="Matched">Tasks matching the filter.</param>
/// <param name="Eligible">Of those, the ones the act applies to (unfinished for cancel, in the dead-letter queue for retry).</param>
/// <param name="Acted">Cancelled or requeued by this call (0 in a dry run).</param>
/// <param name="Skipped">Matches left alone, counted per reason (already-finished, not-dead-lettered, purged, …).</param>
/// <param name="Failed">Ids whose act did not go through (e.g. a timeout): a repeated call tries them again.</param>
/// <param name="Remaining">Eligible tasks beyond this call's bound: repeat the call to act on them (acted ones no longer match).</param>
/// <param name="Ids">The ids acted on; in a dry run the first ones that would be.</param>
public sealed record TaskBulkResult(bool DryRun, int Matched, int Eligible, int Acted, IReadOnlyDictionary<string, int> Skipped,
    IReadOnlyList<string> Failed, int Remaining, IReadOnlyList<string> Ids);
