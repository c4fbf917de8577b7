using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Recovery;

namespace FaultTolerantRunner.Errors;

/// <summary>Error reports with the same fingerprint, aggregated: counts (in all and per minute), first and last seen, status, recovery level.</summary>
public sealed record ErrorGroup(
    string Fingerprint,
    ErrorCategory Category,
    Severity Severity,
    string Tool,
    string Rule,
    string Type,
    string LastMessage,
    long Count,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    string Status,
    DateTimeOffset? ResolvedAt,
    int Level,
    long DeadLettered,
    long Alerts,
    long Incidents,
    IReadOnlyList<string> RecentReports,
    IReadOnlyList<ErrorBucket>? Buckets = null)
{
    /// <summary>Reports per minute, oldest first (<see cref="ErrorBuckets"/>).</summary>
    public IReadOnlyList<ErrorBucket> PerMinute => Buckets ?? [];

    public static ErrorGroup From(FailureRecorded f) => new(f.Fingerprint, f.Category, f.Severity, f.Tool, f.Rule ?? "", f.Type, f.Message, 1,
        f.At, f.At, "open", null, 0, 0, 0, 0, [f.ReportId],
        [new ErrorBucket(ErrorBuckets.StartOf(f.At), 1)]);

    public ErrorGroup With(FailureRecorded f) => this with
    {
        Severity = f.Severity,
        LastMessage = f.Message,
        Count = Count + 1,
        LastSeen = f.At > LastSeen ? f.At : LastSeen,
        Status = "open",
        RecentReports = RecentReports.Prepend(f.ReportId).Take(20).ToArray(),
        Buckets = ErrorBuckets.Add(PerMinute, f.At),
    };
}
