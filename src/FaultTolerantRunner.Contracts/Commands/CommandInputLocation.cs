namespace FaultTolerantRunner.Commands;

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
