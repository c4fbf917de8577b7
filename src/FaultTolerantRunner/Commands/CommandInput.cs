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

/// <summary>Positional argument or named switch.</summary>
public enum CommandInputKind
{
    Argument,
    Switch,
}

/// <summary>The value a command input takes on the command line.</summary>
public enum CommandValueType
{
    /// <summary>One string.</summary>
    Text,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>A decimal number.</summary>
    Number,

    /// <summary>A switch without a value.</summary>
    Flag,

    /// <summary>Repeated <c>key=value</c> pairs, sent as a JSON object.</summary>
    Map,
}

/// <summary>Where a command input's value goes in the HTTP call.</summary>
public enum CommandInputLocation
{
    Route,
    Query,

    /// <summary>A field of the JSON body (a map becomes a nested object).</summary>
    Body,

    /// <summary>A map whose pairs become top-level fields of the JSON body.</summary>
    BodyFields,

    /// <summary>Read by the client only (e.g. <c>--wait</c>, <c>--count</c>).</summary>
    Client,
}

/// <summary>How the client runs a command.</summary>
public enum CommandMode
{
    /// <summary>One request, one answer.</summary>
    Request,

    /// <summary>A server-sent event stream, printed event by event until Ctrl-C or <c>--count</c> events.</summary>
    Stream,

    /// <summary>The request repeated every few seconds until Ctrl-C or <c>--count</c> rounds.</summary>
    Poll,

    /// <summary>One request answering with a task; <c>--wait</c> follows the task to its end.</summary>
    Submit,

    /// <summary>Prometheus text, summarised as a table.</summary>
    Metrics,
}
