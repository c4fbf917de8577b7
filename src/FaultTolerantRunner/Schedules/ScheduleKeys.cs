using System.Globalization;

namespace FaultTolerantRunner.Schedules;

/// <summary>Names, persistence ids and the idempotency keys of the tasks a schedule fires.</summary>
public static class ScheduleKeys
{
    public const string PersistencePrefix = "schedule-";

    public static string PersistenceId(string name) => PersistencePrefix + name;

    /// <summary><c>schedule:&lt;name&gt;:&lt;occurrence, UTC, ISO 8601&gt;</c>: the same occurrence always names the same task.</summary>
    public static string Occurrence(string name, DateTimeOffset occurrence) =>
        $"schedule:{name}:{occurrence.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}";

    /// <summary>A run-now: keyed by the trigger's time to the millisecond.</summary>
    public static string Trigger(string name, DateTimeOffset at) =>
        $"schedule:{name}:trigger:{at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}";

    /// <summary>1 to 100 characters of [A-Za-z0-9._-]: safe in a URL path, a persistence id and an idempotency key.</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= ScheduleDefaults.MaxNameLength } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
