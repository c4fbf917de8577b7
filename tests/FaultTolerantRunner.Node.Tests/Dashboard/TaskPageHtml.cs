using System.Net;
using System.Text.RegularExpressions;

namespace FaultTolerantRunner.Node.Tests.Dashboard;

/// <summary>Reads the task pages' test hooks out of their HTML (ids, data attributes) with plain patterns; text is HTML-decoded.</summary>
internal static partial class TaskPageHtml
{
    public static async Task<(HttpStatusCode Status, string Html)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The ids of the rows of <c>&lt;table id="tasks"&gt;</c>, in page order (none when the table is absent).</summary>
    public static IReadOnlyList<string> TaskRows(string html) =>
        Element(html, "table", "tasks") is { } table ? RowId().Matches(table).Select(m => m.Groups[1].Value).ToArray() : [];

    /// <summary>The markup of the element <c>&lt;tag … id="id"&gt;</c> up to its closing tag (no nesting of the same tag is expected).</summary>
    public static string? Element(string html, string tag, string id)
    {
        var at = html.IndexOf($" id=\"{id}\"", StringComparison.Ordinal);
        if (at < 0) return null;
        var start = html.LastIndexOf('<', at);
        if (start < 0 || !html.AsSpan(start + 1).StartsWith(tag + " ", StringComparison.Ordinal)) return null;
        var end = html.IndexOf($"</{tag}>", start, StringComparison.Ordinal);
        return end < 0 ? null : html[start..(end + tag.Length + 3)];
    }

    /// <summary>The row of a table with that data-id.</summary>
    public static string? Row(string html, string id)
    {
        var start = html.IndexOf($"<tr data-id=\"{id}\"", StringComparison.Ordinal);
        if (start < 0) return null;
        var end = html.IndexOf("</tr>", start, StringComparison.Ordinal);
        return html[start..(end + 5)];
    }

    public static IReadOnlyList<string> TimelineEvents(string html) =>
        Element(html, "ol", "timeline") is { } timeline ? EventItem().Matches(timeline).Select(m => m.Groups[1].Value).ToArray() : [];

    public static string Text(string html) => WebUtility.HtmlDecode(Tag().Replace(html, " "));

    /// <summary>The code of the standard problem the page shows first (its <c>data-code</c>).</summary>
    public static string? ProblemCode(string html) => ProblemSection().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("<tr data-id=\"([0-9a-f]{32})\"")]
    private static partial Regex RowId();

    [GeneratedRegex("<li data-event=\"([^\"]+)\"")]
    private static partial Regex EventItem();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex("<section class=\"problem\" role=\"alert\" data-code=\"([^\"]+)\"")]
    private static partial Regex ProblemSection();
}
