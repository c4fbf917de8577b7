namespace FaultTolerantRunner.Serialization;

/// <summary>Marks journal events and cluster messages that go through <see cref="FtrJsonSerializer"/>.</summary>
public interface IFtrSerializable;
