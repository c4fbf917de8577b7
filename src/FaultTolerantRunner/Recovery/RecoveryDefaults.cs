using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Recovery;

/// <summary>The defaults of <see cref="RecoveryOptions"/> (section <c>Recovery</c>), stated once.</summary>
public static class RecoveryDefaults
{
    public const int ResetAfterSuccesses = 1;

    public static readonly TimeSpan QuietReset = TimeSpan.FromMinutes(10);

    public const double Exploration = 0.1;

    public const int MinTrials = 2;

    public static readonly TimeSpan RecoveryTimeScale = TimeSpan.FromSeconds(30);

    public const double ExtendedTimeoutFactor = 2;

    public const double CoolDownFactor = 4;

    public const int HistoryLimit = 200;

    public static readonly TimeSpan PlanTimeout = TimeSpan.FromSeconds(5);

    public const int DeadLetterAfterRecoveries = 4;

    public const int NumberOfShards = 50;

    public const int SeverityRaiseCount = 10;

    public static readonly TimeSpan SeverityRaiseWindow = TimeSpan.FromMinutes(5);

    public const Severity SeverityRaiseMax = Severity.High;
}
