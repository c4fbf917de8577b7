namespace FaultTolerantRunner.Contracts;

/// <summary>How one category's failures of a task are retried: the budget (retries after the first attempt) and delays in seconds.</summary>
public sealed record CategoryRetryView(int MaxRetries, double BaseDelay, double MaxDelay, bool Retried);
