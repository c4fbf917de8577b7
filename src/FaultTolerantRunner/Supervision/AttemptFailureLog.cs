using System.Globalization;
using Akka.Event;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Supervision;

/// <summary>
/// The one log line of a failed attempt, written by its runner once the verdict is known. An expected failure (a known
/// category: transient, resource, timeout, external, validation, permanent) is Information with its classification and
/// the decision, without a stack: it is the normal course of a retry. An unexpected one (unknown) is a Warning and a
/// critical one an Error, both with the full exception.
/// </summary>
public static class AttemptFailureLog
{
    private const string Format = "task {0}: attempt {1} failed: {2}/{3} (rule {4}, fingerprint {5}): {6}; {7}";

    public static LogLevel LevelOf(ErrorCategory category) => category switch
    {
        ErrorCategory.Critical => LogLevel.ErrorLevel,
        ErrorCategory.Unknown => LogLevel.WarningLevel,
        _ => LogLevel.InfoLevel,
    };

    /// <summary>Whether the line carries the exception (and so its stack): only when the failure was not expected.</summary>
    public static bool KeepsStack(ErrorCategory category) => LevelOf(category) != LogLevel.InfoLevel;

    /// <summary>The line as it reads in the log.</summary>
    public static string Line(string taskId, int attempt, TaskError error, FailureVerdict? verdict) =>
        string.Format(CultureInfo.InvariantCulture, Format, Args(taskId, attempt, error, verdict));

    public static void Write(ILoggingAdapter log, string taskId, int attempt, TaskError error, Exception cause, FailureVerdict? verdict)
    {
        var level = LevelOf(error.Category);
        if (!log.IsEnabled(level)) return;
        log.Log(level, KeepsStack(error.Category) ? cause : null, Format, Args(taskId, attempt, error, verdict));
    }

    /// <summary>What the verdict does, in words: the retry and its delay, or why there is none.</summary>
    public static string Decision(FailureVerdict? verdict) => verdict switch
    {
        null => "no verdict: the attempts stopped first",
        { Retry: true } retry => $"retry in {retry.Delay.TotalMilliseconds:0} ms ({retry.Reason})",
        var final => $"no retry ({final.Reason})",
    };

    private static object[] Args(string taskId, int attempt, TaskError error, FailureVerdict? verdict) =>
        [taskId, attempt, Names.Of(error.Category), Names.Of(error.Severity), error.Rule ?? "none", error.Fingerprint ?? "none", error.Message, Decision(verdict)];
}
