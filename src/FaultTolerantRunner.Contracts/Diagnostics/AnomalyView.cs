namespace FaultTolerantRunner.Contracts;

/// <summary>A rule of the anomaly detector that fires: what it watched, the value against its threshold, and advice.</summary>
public sealed record AnomalyView(string Kind, string Subject, double Value, double Threshold, string Message, string Recommendation, DateTimeOffset Since);
