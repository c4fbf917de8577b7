using FaultTolerantRunner.Hosting;

namespace FaultTolerantRunner.Notifications;

/// <summary>Notification settings (configuration section <c>Notifications</c>).</summary>
public sealed class NotificationOptions
{
    /// <summary>Channels per severity, comma-separated from log, webhook, alert, incident, isolate (<c>Notifications:Routes:high=webhook,alert</c>).</summary>
    [KeyPlaceholder("severity")]
    public Dictionary<string, string> Routes { get; set; } = new(NotificationDefaults.Routes, StringComparer.OrdinalIgnoreCase);

    /// <summary>Webhook endpoints (http or https URLs) every webhook notification is posted to.</summary>
    public List<string> Webhooks { get; set; } = [];

    /// <summary>Notifications waiting for delivery; past this the oldest is dropped (and counted), so a dead endpoint cannot eat memory.</summary>
    public int QueueCapacity { get; set; } = NotificationDefaults.QueueCapacity;

    /// <summary>Delivery attempts per notification and endpoint before it is given up (and counted as failed).</summary>
    public int MaxAttempts { get; set; } = NotificationDefaults.MaxAttempts;

    public TimeSpan BaseDelay { get; set; } = NotificationDefaults.BaseDelay;

    public TimeSpan MaxDelay { get; set; } = NotificationDefaults.MaxDelay;

    /// <summary>Time limit of one webhook POST.</summary>
    public TimeSpan Timeout { get; set; } = NotificationDefaults.Timeout;

    public NotificationChannels ChannelsFor(Taxonomy.Severity severity) =>
        Routes.TryGetValue(Taxonomy.Names.Of(severity), out var route) ? Parse(route, $"Notifications:Routes:{Taxonomy.Names.Of(severity)}") : NotificationChannels.Log;

    public NotificationOptions Validate()
    {
        foreach (var (severity, route) in Routes)
        {
            if (!Enum.TryParse<Taxonomy.Severity>(severity, ignoreCase: true, out _) || int.TryParse(severity, out _))
                throw new RunnerConfigurationException($"Notifications:Routes:{severity}", "names an unknown severity; use low, medium, high or critical");
            Parse(route, $"Notifications:Routes:{severity}");
        }
        for (var i = 0; i < Webhooks.Count; i++)
        {
            if (!Uri.TryCreate(Webhooks[i], UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                throw new RunnerConfigurationException($"Notifications:Webhooks:{i}", $"must be an absolute http(s) URL (got '{Webhooks[i]}')");
        }
        if (QueueCapacity is < 1 or > 1_000_000)
            throw new RunnerConfigurationException("Notifications:QueueCapacity", $"must be between 1 and 1000000 (got {QueueCapacity})");
        if (MaxAttempts is < 1 or > 1000)
            throw new RunnerConfigurationException("Notifications:MaxAttempts", $"must be between 1 and 1000 (got {MaxAttempts})");
        if (BaseDelay <= TimeSpan.Zero) throw new RunnerConfigurationException("Notifications:BaseDelay", $"must be positive (got {BaseDelay})");
        if (MaxDelay < BaseDelay) throw new RunnerConfigurationException("Notifications:MaxDelay", $"must be at least BaseDelay {BaseDelay} (got {MaxDelay})");
        if (Timeout <= TimeSpan.Zero) throw new RunnerConfigurationException("Notifications:Timeout", $"must be positive (got {Timeout})");
        return this;
    }

    private static NotificationChannels Parse(string route, string key)
    {
        var channels = NotificationChannels.None;
        foreach (var part in route.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<NotificationChannels>(part, ignoreCase: true, out var channel) || int.TryParse(part, out _) || channel == NotificationChannels.None)
                throw new RunnerConfigurationException(key, $"has unknown channel '{part}'; use log, webhook, alert, incident, isolate");
            channels |= channel;
        }
        return channels;
    }
}
