using System.Globalization;
using FaultTolerantRunner.Problems;

namespace FaultTolerantRunner.Tasks;

/// <summary>When a submitted task may first run: at <paramref name="RunAt"/>, or <paramref name="DelaySeconds"/> after acceptance (one of them, or neither).</summary>
public sealed record TaskDelay(DateTimeOffset? RunAt = null, int? DelaySeconds = null)
{
    public static readonly TaskDelay None = new();

    private const string Example = "\"runAt\": \"2026-12-24T18:00:00+01:00\" or \"delaySeconds\": 300";

    /// <summary>Reads the request's fields; <paramref name="runAt"/> must be ISO 8601 with an offset (Z or ±hh:mm), so no time zone is guessed.</summary>
    public static TaskDelay Parse(string? runAt, int? delaySeconds)
    {
        if (runAt is null) return new TaskDelay(null, delaySeconds);
        // An explicit offset only: a local time without one would mean different instants on different nodes.
        if (!HasOffset(runAt) || !DateTimeOffset.TryParse(runAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            throw Invalid("invalid-run-at", $"runAt must be an ISO 8601 time with an offset (got '{runAt}')");
        return new TaskDelay(at, delaySeconds);
    }

    /// <summary>The due time (null: run now); a due time in the past runs now; further ahead than <paramref name="maxDelay"/> is refused.</summary>
    public DateTimeOffset? DueTime(DateTimeOffset now, TimeSpan maxDelay)
    {
        if (RunAt is not null && DelaySeconds is not null)
            throw Invalid("invalid-delay", "give either runAt or delaySeconds, not both");
        if (DelaySeconds is < 0) throw Invalid("invalid-delay-seconds", $"delaySeconds must not be negative (got {DelaySeconds})");
        var due = RunAt ?? (DelaySeconds is { } seconds ? now + TimeSpan.FromSeconds(seconds) : null);
        if (due is { } dueAt && dueAt - now > maxDelay)
            throw Invalid(RunAt is null ? "invalid-delay-seconds" : "invalid-run-at",
                $"the due time {dueAt:O} is {(dueAt - now).TotalDays:0.#} days ahead, beyond Tasks:MaxDelay ({maxDelay.TotalDays:0.#} days, {maxDelay.TotalSeconds:0} s)");
        return due > now ? due : null;
    }

    private static bool HasOffset(string text) => text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

    private static FtrProblemException Invalid(string code, string message) =>
        new(FtrProblem.Validation(code, message, null, $"use e.g. {Example}; omit both to run now"));
}
