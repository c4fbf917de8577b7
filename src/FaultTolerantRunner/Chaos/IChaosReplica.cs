namespace FaultTolerantRunner.Chaos;

/// <summary>Where the switchboard writes its switches in a cluster; each call returns the replicated switches after the write.</summary>
internal interface IChaosReplica
{
    Task<IReadOnlyCollection<ChaosRule>> PutAsync(ChaosRule rule);

    Task<IReadOnlyCollection<ChaosRule>> RemoveAsync(string target);

    /// <summary>The current members' addresses (what a switch can be scoped to).</summary>
    IReadOnlyList<string> Members();
}
