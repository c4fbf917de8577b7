namespace FaultTolerantRunner.Commands;

/// <summary>
/// One console command and the HTTP call it maps to, so that the <c>ftr</c> client can run any palette's
/// commands generically. <see cref="Route"/> is a template whose <c>{name}</c> holes are filled from inputs
/// located in the route; <see cref="AlternateRoute"/> is used instead when an optional route input is not given
/// (e.g. <c>dlq requeue &lt;id&gt;</c> vs <c>dlq requeue --filter …</c>), with <see cref="AlternateMethod"/> if set.
/// A command named like its palette is the palette's own action (<c>ftr run &lt;tool&gt;</c>).
/// </summary>
public sealed record CommandDefinition(
    string Name,
    string Description,
    string Method,
    string Route,
    IReadOnlyList<CommandInput> Inputs,
    CommandMode Mode = CommandMode.Request,
    string? AlternateRoute = null,
    string? AlternateMethod = null,
    string? Help = null,
    IReadOnlyList<string>? Columns = null)
{
    /// <summary>State-changing commands (anything but GET) need an API key when the node has keys configured.</summary>
    public bool ChangesState => !string.Equals(Method, "GET", StringComparison.OrdinalIgnoreCase);

    public static CommandDefinition Get(string name, string description, string route, params CommandInput[] inputs) =>
        new(name, description, "GET", route, inputs);

    public static CommandDefinition Post(string name, string description, string route, params CommandInput[] inputs) =>
        new(name, description, "POST", route, inputs);

    public static CommandDefinition Delete(string name, string description, string route, params CommandInput[] inputs) =>
        new(name, description, "DELETE", route, inputs);
}
