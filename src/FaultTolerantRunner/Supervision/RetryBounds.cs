using FaultTolerantRunner.Hosting;

namespace FaultTolerantRunner.Supervision;

/// <summary>
/// The operator's limits on a task's own retry policy (configuration <c>Retry:Bounds</c>): a submission outside them is
/// refused (400 naming the bound), so no client can make the cluster retry for ever or hammer a service without a pause.
/// </summary>
public sealed class RetryBounds
{
    /// <summary>Most attempts a task may ask for: 50 covers the longest default budget (resource: 11 attempts) several times over.</summary>
    public int MaxAttempts { get; set; } = 50;

    /// <summary>Shortest first delay a task may ask for: below 100 ms a retry is a tight loop against the failing service.</summary>
    public TimeSpan MinBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest delay between attempts a task may ask for: an hour (longer waits are what runAt is for).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    public RetryBounds Validate()
    {
        if (MaxAttempts is < 1 or > 1001) throw new RunnerConfigurationException("Retry:Bounds:MaxAttempts", $"must be between 1 and 1001 (got {MaxAttempts})");
        if (MinBaseDelay < TimeSpan.Zero) throw new RunnerConfigurationException("Retry:Bounds:MinBaseDelay", $"must not be negative (got {MinBaseDelay})");
        if (MaxDelay < MinBaseDelay || MaxDelay > TimeSpan.FromDays(1))
            throw new RunnerConfigurationException("Retry:Bounds:MaxDelay", $"must be between Retry:Bounds:MinBaseDelay ({MinBaseDelay}) and 1.00:00:00 (got {MaxDelay})");
        return this;
    }
}
