namespace FaultTolerantRunner.Errors;

/// <summary>Something out of the ordinary in the window, with what to do about it.</summary>
public sealed record Anomaly(string Kind, string Subject, double Value, double Threshold, string Message, string Recommendation, DateTimeOffset Since);
