using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Contracts;

/// <summary>
/// A compensation an attempt registered: its data (JSON when it is JSON, else the text), who registered it, and how it
/// ended. <paramref name="Outcome"/>: registered (the task is unfinished), pending (due, not run yet), succeeded, failed
/// (after <paramref name="Tries"/> runs; an alert was raised), dropped (the task succeeded, so it was moot).
/// <paramref name="Scope"/>: task (dropped when the task succeeds) or attempt (runs unless its own attempt succeeded).
/// </summary>
public sealed record CompensationView(
    int Number,
    string Name,
    JsonNode? Data,
    int Attempt,
    string Tool,
    string Scope,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? RanAt,
    string Outcome,
    string? Error,
    int Tries);
