using Akka.Actor;

namespace FaultTolerantRunner.Hosting;

/// <summary>This node's place in the cluster (configuration section <c>Cluster</c>).</summary>
public sealed class ClusterNodeOptions
{
    public const string SystemName = "ftr";

    public string Hostname { get; set; } = ClusterDefaults.Hostname;

    /// <summary>Akka.Remote port; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = ClusterDefaults.Port;

    /// <summary>akka.tcp addresses of seed nodes; empty means this node seeds itself (a one-node cluster).</summary>
    public List<string> SeedNodes { get; set; } = new();

    public List<string> Roles { get; set; } = new();

    public FailureDetectorOptions FailureDetector { get; set; } = new();

    public SplitBrainResolverOptions SplitBrainResolver { get; set; } = new();

    public ShardingOptions Sharding { get; set; } = new();

    public string SelfAddress => $"akka.tcp://{SystemName}@{Hostname}:{Port}";

    /// <summary>The role that hosts the task and recovery shards: the first of <see cref="Roles"/>, or every node.</summary>
    public string? ShardRole => Roles.Count > 0 ? Roles[0] : null;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Hostname) || Uri.CheckHostName(Hostname) == UriHostNameType.Unknown)
            throw new RunnerConfigurationException("Cluster:Hostname", $"must be a host name or IP address (got '{Hostname}')");
        if (Port is < 0 or > 65535)
            throw new RunnerConfigurationException("Cluster:Port", $"must be between 0 and 65535 (got {Port})");
        foreach (var seed in SeedNodes) ParseSeed(seed);
        FailureDetector.Validate();
        SplitBrainResolver.Validate();
        Sharding.Validate();
    }

    public static Address ParseSeed(string seed)
    {
        const string example = "akka.tcp://ftr@127.0.0.1:4053";
        Address address;
        try
        {
            address = Address.Parse(seed.Trim());
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException)
        {
            throw new RunnerConfigurationException("Cluster:SeedNodes", $"has a malformed address '{seed}'; use the form {example}");
        }
        if (address.Protocol != "akka.tcp" || address.Host is null || address.Port is null or <= 0 or > 65535)
            throw new RunnerConfigurationException("Cluster:SeedNodes", $"has a malformed address '{seed}'; use the form {example}");
        if (address.System != SystemName)
            throw new RunnerConfigurationException("Cluster:SeedNodes", $"address '{seed}' names actor system '{address.System}', but FTR nodes run '{SystemName}'; use the form {example}");
        return address;
    }
}
