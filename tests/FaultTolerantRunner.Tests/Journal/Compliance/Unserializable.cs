namespace FaultTolerantRunner.Tests.Journal.Compliance;

/// <summary>An event no journal can store: its serializer refuses it, as a real serializer refuses a broken payload.</summary>
public sealed record Unserializable(string Note);
