namespace FaultTolerantRunner.Errors;

/// <summary>How many reports of one fingerprint came in the <see cref="ErrorBuckets.Width"/> starting at <paramref name="Start"/>.</summary>
public sealed record ErrorBucket(DateTimeOffset Start, int Count);
