using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Contracts;

/// <summary>A fingerprint as <c>GET /api/recovery/levels</c> lists it: its level now and how often it was seen.</summary>
public sealed record RecoveryLevelRow(
    string Fingerprint,
    ErrorCategory Category,
    string Tool,
    int Level,
    string LevelName,
    long Count,
    DateTimeOffset UpdatedAt,
    string Status);
