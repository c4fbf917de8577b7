using System.Net;
using System.Text.RegularExpressions;

namespace FaultTolerantRunner.Node.Tests.Dashboard;

/// <summary>A dashboard page as served: its status and its HTML, with the few look-ups the page tests need (no HTML parser is referenced).</summary>
public sealed partial record PageHtml(HttpStatusCode Status, string Html)
{
    public static async Task<PageHtml> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return new PageHtml(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The inner HTML of the table row <c>&lt;tr data-id="id"&gt;</c>, or null when the page has none (rows hold no nested table).</summary>
    public string? Row(string id)
    {
        var match = Regex.Match(Html, "<tr data-id=\"" + Regex.Escape(WebUtility.HtmlEncode(id)) + "\">(.*?)</tr>", RegexOptions.Singleline);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>The value of <paramref name="attribute"/> on the element with id <paramref name="elementId"/>, HTML-decoded.</summary>
    public string? Attribute(string elementId, string attribute)
    {
        var element = Regex.Match(Html, "<[a-z]+ [^>]*id=\"" + Regex.Escape(elementId) + "\"[^>]*>", RegexOptions.Singleline);
        if (!element.Success) return null;
        var value = Regex.Match(element.Value, "\\s" + Regex.Escape(attribute) + "=\"([^\"]*)\"");
        return value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : null;
    }

    /// <summary>The text of the state badge in a row's <c>td.state</c> cell.</summary>
    public static string? State(string? row) =>
        row is null ? null : StateCell().Match(row) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("<td class=\"state\"><span class=\"badge [^\"]*\">([^<]*)</span>", RegexOptions.Singleline)]
    private static partial Regex StateCell();
}
