namespace FaultTolerantRunner.Commands;

/// <summary>Positional argument or named switch.</summary>
public enum CommandInputKind
{
    Argument,
    Switch,
}
