using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace FaultTolerantRunner.Cli.Output;

/// <summary>Shows a node's JSON answer for a person: lists as tables, objects as key/value grids with nested lists below.</summary>
public static class JsonView
{
    private const int MaxCell = 120;

    public static void Render(IAnsiConsole console, JsonNode? node, IReadOnlyList<string>? columns)
    {
        switch (node)
        {
            case JsonArray array:
                console.Write(Table(array, columns));
                break;
            case JsonObject obj when ListOf(obj, columns) is { } list:
                console.Write(Table((JsonArray)obj[list]!, columns));
                var rest = obj.Where(p => p.Key != list && p.Value is not JsonArray and not JsonObject).ToArray();
                if (rest.Length > 0) console.WriteLine(string.Join("  ", rest.Select(p => $"{p.Key}: {Cell(p.Value)}")));
                break;
            case JsonObject obj:
                RenderObject(console, obj);
                break;
            default:
                console.WriteLine(Cell(node));
                break;
        }
    }

    /// <summary>The list an answer wraps: <c>items</c>, or with declared columns its only list (e.g. <c>strategies</c>).</summary>
    private static string? ListOf(JsonObject obj, IReadOnlyList<string>? columns)
    {
        if (obj["items"] is JsonArray) return "items";
        if (columns is not { Count: > 0 }) return null;
        var lists = obj.Where(p => p.Value is JsonArray).Select(p => p.Key).ToArray();
        return lists.Length == 1 ? lists[0] : null;
    }

    private static void RenderObject(IAnsiConsole console, JsonObject obj)
    {
        var grid = new Table().Border(TableBorder.Rounded).AddColumn("field").AddColumn("value");
        var lists = new List<(string Name, JsonArray Rows)>();
        foreach (var (key, value) in obj)
        {
            if (value is JsonArray { Count: > 0 } rows && rows.All(r => r is JsonObject))
            {
                lists.Add((key, rows));
                continue;
            }
            grid.AddRow(new Text(key), new Text(Cell(value)));
        }
        console.Write(grid);
        foreach (var (name, rows) in lists)
        {
            console.WriteLine(name + ":");
            console.Write(Table(rows, null));
        }
    }

    private static Table Table(JsonArray rows, IReadOnlyList<string>? columns)
    {
        var names = columns is { Count: > 0 }
            ? columns
            : rows.OfType<JsonObject>().SelectMany(r => r.Where(p => p.Value is not JsonArray and not JsonObject).Select(p => p.Key)).Distinct().ToArray();
        var table = new Table().Border(TableBorder.Rounded);
        if (names.Count == 0) names = ["value"];
        foreach (var name in names) table.AddColumn(new TableColumn(name));
        foreach (var row in rows)
        {
            IRenderable[] cells = row is JsonObject obj
                ? names.Select(n => (IRenderable)new Text(Cell(obj[n]))).ToArray()
                : [new Text(Cell(row))];
            table.AddRow(cells);
        }
        if (rows.Count == 0) table.Caption("(none)");
        return table;
    }

    /// <summary>JSON for people: "+01:00", "é" and quotes as they are, not as \u escapes (a terminal is not an HTML page).</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Cell(JsonNode? value)
    {
        var text = value switch
        {
            null => "",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => (string)v!,
            // A list of names (e.g. the nodes a chaos switch is in force on) reads better as words than as JSON.
            JsonArray a when a.All(i => i is JsonValue s && s.GetValueKind() == JsonValueKind.String) => string.Join(", ", a.Select(i => (string)i!)),
            _ => value.ToJsonString(Readable),
        };
        text = text.ReplaceLineEndings(" ");
        return text.Length > MaxCell ? text[..(MaxCell - 1)] + "…" : text;
    }
}
