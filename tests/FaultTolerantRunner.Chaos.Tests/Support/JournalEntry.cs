using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Chaos.Tests.Support;

/// <summary>One row of a persistent entity's journal: its sequence number, the event's manifest (type name) and its JSON.</summary>
public sealed record JournalEntry(long Sequence, string Manifest, JsonObject Event);
