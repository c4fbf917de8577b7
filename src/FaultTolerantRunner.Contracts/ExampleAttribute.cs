namespace FaultTolerantRunner.Contracts;

/// <summary>A JSON example of a request field, quoted in the error that answers a field of the wrong type.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ExampleAttribute(string json) : Attribute
{
    public string Json { get; } = json;
}
