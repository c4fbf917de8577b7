namespace FaultTolerantRunner.Tools;

/// <summary>The type of a tool parameter; values are checked and coerced before a task is accepted.</summary>
public enum ParameterType
{
    String,
    Integer,
    Number,
    Boolean,
    Url,
    FilePath,
    Json,
}
