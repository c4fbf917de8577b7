using Akka.DistributedData;

namespace FaultTolerantRunner.Breakers;

/// <summary>The replicator key of the <see cref="BreakerBook"/>.</summary>
public sealed class BreakerBookKey(string id) : Key<BreakerBook>(id);
