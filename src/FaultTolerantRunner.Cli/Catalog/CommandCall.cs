using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Commands;

namespace FaultTolerantRunner.Cli.Catalog;

/// <summary>The HTTP call a command line maps to: inputs fill the route, the query and the JSON body as the definition says.</summary>
public sealed record CommandCall(HttpMethod Method, string Route, JsonObject? Body)
{
    /// <summary>Builds the call from the values given on the command line (absent inputs are not in <paramref name="values"/>).</summary>
    public static CommandCall From(CommandDefinition command, IReadOnlyDictionary<string, object> values)
    {
        var routeInputs = command.Inputs.Where(i => i.Location == CommandInputLocation.Route).ToArray();
        var useAlternate = command.AlternateRoute is not null && routeInputs.Any(i => !values.ContainsKey(i.Name));
        var route = useAlternate ? command.AlternateRoute! : command.Route;
        var method = new HttpMethod(useAlternate ? command.AlternateMethod ?? command.Method : command.Method);
        if (useAlternate && !command.Inputs.Any(i => i.Location == CommandInputLocation.BodyFields && values.ContainsKey(i.Name)) && command.Inputs.Any(i => i.Location == CommandInputLocation.BodyFields))
        {
            var option = command.Inputs.First(i => i.Location == CommandInputLocation.BodyFields);
            var argument = routeInputs.First(i => !values.ContainsKey(i.Name));
            throw new CliFailure(ExitCodes.Usage, $"give either <{argument.Name}> or --{option.Name} key=value (e.g. --{option.Name} category=external)");
        }

        foreach (var input in routeInputs)
        {
            if (values.TryGetValue(input.Name, out var value))
                route = route.Replace("{" + input.Target + "}", Uri.EscapeDataString(Text(value)), StringComparison.Ordinal);
        }

        var query = new StringBuilder();
        foreach (var input in command.Inputs.Where(i => i.Location == CommandInputLocation.Query))
        {
            if (!values.TryGetValue(input.Name, out var value)) continue;
            query.Append(query.Length == 0 && !route.Contains('?') ? '?' : '&')
                .Append(Uri.EscapeDataString(input.Target)).Append('=').Append(Uri.EscapeDataString(Text(value)));
        }

        JsonObject? body = null;
        if (method != HttpMethod.Get && command.Inputs.Any(i => i.Location is CommandInputLocation.Body or CommandInputLocation.BodyFields))
        {
            body = new JsonObject();
            foreach (var input in command.Inputs)
            {
                if (!values.TryGetValue(input.Name, out var value)) continue;
                if (input.Location == CommandInputLocation.Body) body[input.Target] = input.Type == CommandValueType.List ? List(Text(value)) : Json(value);
                else if (input.Location == CommandInputLocation.BodyFields && value is IReadOnlyDictionary<string, string> fields)
                {
                    foreach (var (key, text) in fields) body[key] = text;
                }
            }
        }
        return new CommandCall(method, route + query, body);
    }

    private static string Text(object value) => value switch
    {
        double d => d.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => value.ToString() ?? "",
    };

    /// <summary>A comma list as a JSON array; blanks around items and empty items are dropped, the server checks the rest.</summary>
    private static JsonArray List(string text) =>
        new(text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(item => (JsonNode?)JsonValue.Create(item)).ToArray());

    private static JsonNode? Json(object value) => value switch
    {
        IReadOnlyDictionary<string, string> map => new JsonObject(map.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
        int i => JsonValue.Create(i),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        _ => JsonValue.Create(value.ToString()),
    };
}
