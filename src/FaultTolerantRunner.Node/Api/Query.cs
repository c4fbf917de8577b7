using System.Globalization;
using FaultTolerantRunner.Problems;

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

    public static DateTimeOffset? Since(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
            ? since
            : throw new FtrProblemException(FtrProblem.Validation("invalid-since", $"since must be an ISO 8601 time (got '{text}')", null, "use e.g. since=2026-11-23T08:00:00Z"));
    }
}
