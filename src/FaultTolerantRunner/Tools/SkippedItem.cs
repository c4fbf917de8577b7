namespace FaultTolerantRunner.Tools;

/// <summary>A batch item skipped because of an item-level validation error.</summary>
public sealed record SkippedItem(string Item, string ErrorType, string Message, string Rule);
