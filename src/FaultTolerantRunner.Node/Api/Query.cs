using System.Globalization;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Node.Api;

/// <summary>Query parameters and the few text values of bodies that need parsing, each refused with a clear 400 when malformed.</summary>
internal static class Query
{
    /// <summary>The largest page of any list; lists held whole in memory (tools, breakers, members) answer this many by default.</summary>
    public const int MaxLimit = Tasks.TaskClient.MaxListLimit;

    public static int Int(IQueryCollection query, string name, int fallback, int min, int max)
    {
        if (!query.TryGetValue(name, out var text) || string.IsNullOrEmpty(text)) return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        throw new FtrProblemException(FtrProblem.Validation("invalid-query",
            $"query parameter '{name}' must be a whole number between {min} and {max}; got '{text}'", null, $"use e.g. ?{name}={fallback}"));
    }

    /// <summary><c>?offset=</c> and <c>?limit=</c> of a list endpoint.</summary>
    public static (int Offset, int Limit) Page(IQueryCollection query, int defaultLimit = MaxLimit, int maxLimit = MaxLimit) =>
        (Int(query, "offset", 0, 0, int.MaxValue), Int(query, "limit", defaultLimit, 1, maxLimit));

    public static string? Text(IQueryCollection query, string name) => Text(query[name].ToString());

    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>
    /// <c>?name=</c> as an ISO 8601 time with offset (<c>Z</c> or <c>+01:00</c>; a time without one is read as UTC), or a
    /// validation problem naming the parameter. An unencoded <c>+</c> arrives as a space, hence the hint.
    /// </summary>
    public static DateTimeOffset? Time(IQueryCollection query, string name) => Time(Text(query, name), name);

    /// <summary>As the query's, for a body field or other text value named <paramref name="name"/>.</summary>
    public static DateTimeOffset? Time(string? value, string name)
    {
        var text = Text(value);
        if (text is null) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return time;
        throw new FtrProblemException(FtrProblem.Validation($"invalid-{name.ToLowerInvariant()}",
            $"'{name}' must be an ISO 8601 time with offset; got '{text}'", null,
            $"use e.g. ?{name}=2026-11-23T08:00:00Z (write a '+' offset as %2B: {name}=2026-11-23T09:00:00%2B01:00)"));
    }

    /// <summary><c>?name=</c> of at most <paramref name="maxLength"/> printable characters, or a validation problem.</summary>
    public static string? Text(IQueryCollection query, string name, int maxLength, string example) => Text(query[name].ToString(), name, maxLength, example);

    /// <summary>As the query's, for a body field or other text value named <paramref name="name"/>.</summary>
    public static string? Text(string? value, string name, int maxLength, string example)
    {
        var text = Text(value);
        if (text is null || (text.Length <= maxLength && !text.Any(char.IsControl))) return text;
        throw new FtrProblemException(FtrProblem.Validation($"invalid-{name.ToLowerInvariant()}",
            $"'{name}' must be 1 to {maxLength} printable characters (got {text.Length})", null, $"use e.g. ?{name}={example}"));
    }

    /// <summary>An error category by its wire name (<c>transient</c> ...), or a validation problem naming the known ones.</summary>
    public static ErrorCategory? Category(string? value, string name = "category") =>
        Names.CategoryOf(OneOf(value, name, Enum.GetValues<ErrorCategory>().Select(Names.Of).ToArray()));

    public static Severity? Severity(string? value, string name = "severity") =>
        Names.SeverityOf(OneOf(value, name, Enum.GetValues<Severity>().Select(Names.Of).ToArray()));

    /// <summary>One of the allowed values (case-insensitive), or a validation problem that names them and the closest.</summary>
    public static string? OneOf(string? value, string name, IReadOnlyList<string> allowed)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var match = allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase));
        if (match is not null) return match;
        var closest = Suggest.Closest(value, allowed);
        throw new FtrProblemException(FtrProblem.Validation($"invalid-{name.ToLowerInvariant()}",
            $"{name} must be one of {string.Join(", ", allowed)} (got '{value}')" + (closest is null ? "" : $"; did you mean '{closest}'?"), null,
            $"use e.g. {name}={closest ?? allowed[0]}"));
    }
}
