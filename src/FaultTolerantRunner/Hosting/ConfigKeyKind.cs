namespace FaultTolerantRunner.Hosting;

/// <summary>What a configuration key holds.</summary>
public enum ConfigKeyKind
{
    /// <summary>One value (<c>Tasks:MinBackoff=00:00:01</c>).</summary>
    Value,

    /// <summary>Values as an indexed list (<c>Roles:0</c>, <c>Roles:1</c>) or one comma-separated value.</summary>
    List,

    /// <summary>Named keys below it.</summary>
    Section,
}
