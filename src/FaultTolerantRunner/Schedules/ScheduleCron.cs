using Cronos;
using FaultTolerantRunner.Problems;

namespace FaultTolerantRunner.Schedules;

/// <summary>
/// A schedule's cron expression in its time zone (Cronos: 5 fields, or 6 with seconds first; daylight saving handled by
/// Cronos: a time skipped by a spring-forward runs at the jump, a repeated hour of a fall-back runs once).
/// </summary>
public sealed class ScheduleCron
{
    public const string CronExample = "*/5 * * * *";
    public const string ZoneExample = "Europe/Berlin";

    private readonly CronExpression _expression;
    private readonly TimeZoneInfo _zone;

    private ScheduleCron(CronExpression expression, TimeZoneInfo zone)
    {
        _expression = expression;
        _zone = zone;
    }

    public static ScheduleCron Of(ScheduleSpec spec) => Parse(spec.Cron, spec.TimeZone);

    /// <summary>Parses both, or throws a validation problem saying what is wrong, with an example.</summary>
    public static ScheduleCron Parse(string? cron, string? timeZone) => new(Expression(cron), Zone(timeZone));

    public DateTimeOffset? Next(DateTimeOffset after) => _expression.GetNextOccurrence(after, _zone, inclusive: false);

    /// <summary>The next <paramref name="count"/> occurrences after <paramref name="after"/>.</summary>
    public IReadOnlyList<DateTimeOffset> Upcoming(DateTimeOffset after, int count)
    {
        var list = new List<DateTimeOffset>(count);
        for (var at = Next(after); at is { } next && list.Count < count; at = Next(next)) list.Add(next);
        return list;
    }

    /// <summary>Occurrences in (<paramref name="after"/>, <paramref name="until"/>], oldest first, at most <paramref name="limit"/> (the oldest).</summary>
    public IReadOnlyList<DateTimeOffset> Between(DateTimeOffset after, DateTimeOffset until, int limit)
    {
        var list = new List<DateTimeOffset>();
        for (var at = Next(after); at is { } next && next <= until && list.Count < limit; at = Next(next)) list.Add(next);
        return list;
    }

    /// <summary>
    /// The newest <paramref name="count"/> occurrences in (<paramref name="after"/>, <paramref name="until"/>], oldest first,
    /// found by looking back over a doubling span, so a long downtime of an every-second schedule is not walked occurrence by occurrence.
    /// </summary>
    public IReadOnlyList<DateTimeOffset> Newest(DateTimeOffset after, DateTimeOffset until, int count)
    {
        if (count <= 0 || until <= after) return [];
        for (var span = TimeSpan.FromMinutes(1); ; span *= 2)
        {
            var from = until - span > after ? until - span : after;
            // The first span holding enough has at most about twice as many (plus a minute's worth): bounded.
            var found = Between(from, until, int.MaxValue);
            if (found.Count >= count) return found.Skip(found.Count - count).ToArray();
            if (from == after) return found;
        }
    }

    private static CronExpression Expression(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron))
            throw Invalid("invalid-cron", "cron is required: 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first");
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields switch
        {
            5 => CronFormat.Standard,
            6 => CronFormat.IncludeSeconds,
            1 when cron.TrimStart().StartsWith('@') => CronFormat.Standard,
            _ => throw Invalid("invalid-cron", $"cron '{cron}' has {fields} field(s); it takes 5 (minute hour day-of-month month day-of-week), or 6 with seconds first"),
        };
        try
        {
            return CronExpression.Parse(cron.Trim(), format);
        }
        catch (CronFormatException e)
        {
            throw Invalid("invalid-cron", $"cron '{cron}' is not valid: {e.Message}");
        }
    }

    private static TimeZoneInfo Zone(string? timeZone)
    {
        if (string.IsNullOrWhiteSpace(timeZone)) return TimeZoneInfo.Utc;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw Invalid("invalid-time-zone", $"timeZone '{timeZone}' is not a known IANA time zone: {e.Message}");
        }
    }

    private static FtrProblemException Invalid(string code, string message) =>
        new(FtrProblem.Validation(code, message, null,
            $"e.g. \"cron\": \"{CronExample}\" (every 5 minutes), \"*/10 * * * * *\" (every 10 seconds), \"0 3 * * 1-5\" (03:00 on weekdays)",
            $"e.g. \"timeZone\": \"{ZoneExample}\" (IANA names; default UTC)"));
}
