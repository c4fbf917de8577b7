namespace FaultTolerantRunner.Commands;

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

    /// <summary>Comma-separated values (<c>a,b,c</c>), sent as a JSON array of strings.</summary>
    List,
}
