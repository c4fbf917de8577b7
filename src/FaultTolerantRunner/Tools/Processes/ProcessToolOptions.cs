namespace FaultTolerantRunner.Tools.Processes;

/// <summary>
/// An operator-defined tool that runs one fixed executable (<c>Tools:Process:&lt;name&gt;</c>). Clients only fill
/// the declared parameters into the argument template; they can never choose the command.
/// </summary>
public sealed class ProcessToolOptions
{
    public string Command { get; set; } = "";

    /// <summary>Argument template; <c>{name}</c> is replaced by the parameter's value, each entry stays one argument.</summary>
    public List<string> Arguments { get; set; } = new();

    public string Description { get; set; } = "";

    public int? TimeoutSeconds { get; set; }

    [Hosting.KeyPlaceholder("parameter")]
    public Dictionary<string, ProcessParameterOptions> Parameters { get; set; } = new();
}

/// <summary>One declared parameter of a process tool.</summary>
public sealed class ProcessParameterOptions
{
    public string Type { get; set; } = "String";

    public bool Required { get; set; }

    public string? Default { get; set; }

    public string Description { get; set; } = "";

    public string? Example { get; set; }

    public List<string>? AllowedValues { get; set; }
}
