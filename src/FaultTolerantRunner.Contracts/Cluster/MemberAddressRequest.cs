namespace FaultTolerantRunner.Contracts;

/// <summary>The body of the member actions (leave, down, join): an Akka address.</summary>
public sealed record MemberAddressRequest([property: Example("\"akka.tcp://ftr@10.0.0.5:4053\"")] string? Address = null);
