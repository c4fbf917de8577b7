using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Recovery;

namespace FaultTolerantRunner.Errors;

/// <summary>Error reports with the same fingerprint, aggregated: counts, first and last seen, status, recovery level.</summary>
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
    IReadOnlyList<string> RecentReports)
{
    public static ErrorGroup From(FailureRecorded f) => new(f.Fingerprint, f.Category, f.Severity, f.Tool, f.Rule ?? "", f.Type, f.Message, 1,
        f.At, f.At, "open", null, 0, 0, 0, 0, [f.ReportId]);

    public ErrorGroup With(FailureRecorded f) => this with
    {
        Severity = f.Severity,
        LastMessage = f.Message,
        Count = Count + 1,
        LastSeen = f.At > LastSeen ? f.At : LastSeen,
        Status = "open",
        RecentReports = RecentReports.Prepend(f.ReportId).Take(20).ToArray(),
    };
}
