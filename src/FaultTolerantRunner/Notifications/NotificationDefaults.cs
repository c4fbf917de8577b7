namespace FaultTolerantRunner.Notifications;

/// <summary>The defaults of <see cref="NotificationOptions"/> (section <c>Notifications</c>), stated once.</summary>
public static class NotificationDefaults
{
    /// <summary>Channels per severity: the higher the severity, the more people and machinery are told.</summary>
    public static readonly IReadOnlyDictionary<string, string> Routes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["low"] = "log",
        ["medium"] = "log,webhook",
        ["high"] = "log,webhook,alert",
        ["critical"] = "log,webhook,incident,isolate",
    };

    public const int QueueCapacity = 1000;

    public const int MaxAttempts = 8;

    public static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(200);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
}
