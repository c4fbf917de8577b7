namespace FaultTolerantRunner.Commands;

/// <summary>An argument (positional) or switch (<c>--name</c>) of a command, and where its value goes in the HTTP call.</summary>
public sealed record CommandInput(
    string Name,
    CommandInputKind Kind,
    CommandValueType Type,
    CommandInputLocation Location,
    string Description,
    bool Required = false,
    string? Alias = null,
    string? Field = null)
{
    /// <summary>The route hole, query parameter or body field the value fills (defaults to <see cref="Name"/>).</summary>
    public string Target => Field ?? Name;

    public static CommandInput Argument(string name, string description, CommandInputLocation location = CommandInputLocation.Route, bool required = true) =>
        new(name, CommandInputKind.Argument, CommandValueType.Text, location, description, required);

    public static CommandInput Switch(string name, CommandValueType type, CommandInputLocation location, string description,
        bool required = false, string? alias = null, string? field = null) =>
        new(name, CommandInputKind.Switch, type, location, description, required, alias, field);
}
