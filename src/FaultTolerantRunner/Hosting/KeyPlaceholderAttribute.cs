namespace FaultTolerantRunner.Hosting;

/// <summary>Names the free key of a dictionary option in messages and documentation (<c>Notifications:Routes:&lt;severity&gt;</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class KeyPlaceholderAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
