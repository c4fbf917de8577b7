using Akka.Actor;
using FaultTolerantRunner.Node.Security;

namespace FaultTolerantRunner.Node.Dashboard;

/// <summary>What every page needs to know about the node it is served by: whether actions are offered and whether they need a key.</summary>
public sealed class DashboardContext(DashboardOptions options, SecurityOptions security, IServiceProvider services)
{
    private string? _address;

    /// <summary>Buttons that change state are rendered.</summary>
    public bool ActionsShown => !options.ReadOnly;

    public bool ReadOnly => options.ReadOnly;

    /// <summary>Actions need the operator key (the node has <c>Security:ApiKeys</c>): the page offers a key prompt.</summary>
    public bool KeyRequired => security.KeysRequired;

    /// <summary>This node's cluster address (host:port), shown in the header so a reader knows which node answered.</summary>
    public string NodeAddress => _address ??= Describe(Akka.Cluster.Cluster.Get(services.GetRequiredService<ActorSystem>()).SelfAddress);

    private static string Describe(Address address) => $"{address.Host}:{address.Port}";
}
