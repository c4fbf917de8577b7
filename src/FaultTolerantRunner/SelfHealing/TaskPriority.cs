namespace FaultTolerantRunner.SelfHealing;

/// <summary>A submission's priority: under load, low is shed first, then normal; high is always taken.</summary>
public enum TaskPriority
{
    Low,
    Normal,
    High,
}
