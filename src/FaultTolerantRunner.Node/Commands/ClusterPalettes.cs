using FaultTolerantRunner.Commands;
using static FaultTolerantRunner.Commands.CommandInput;

namespace FaultTolerantRunner.Node.Commands;

/// <summary>The pbm-shaped palettes for the cluster itself: <c>cluster</c>, <c>actor</c> and <c>node</c>.</summary>
public static class ClusterPalettes
{
    private static readonly CommandInput Count = Switch("count", CommandValueType.Integer, CommandInputLocation.Query,
        "Stop after this many events (default: until Ctrl-C).", alias: "-n");

    private static readonly CommandInput Address = Argument("address", "A member address, e.g. akka.tcp://ftr@10.0.0.5:4053.", CommandInputLocation.Body);

    public static readonly CommandPalette Cluster = new("cluster", "Cluster membership: members, leader, leave, down, join, live events.",
    [
        CommandDefinition.Get("show", "List the members with status, roles and reachability.", "/api/cluster") with
            { Columns = ["address", "status", "roles", "reachable", "leader", "self"] },
        CommandDefinition.Get("status", "This node's view: its own status, the leader and member counts.", "/api/cluster/status"),
        CommandDefinition.Get("leader", "The current cluster leader.", "/api/cluster/leader"),
        CommandDefinition.Post("leave", "Make a member leave gracefully (default: the node you are connected to).", "/api/cluster/leave",
            Address with { Required = false }),
        CommandDefinition.Post("down", "Mark a member down (use for a node that is gone for good).", "/api/cluster/down", Address),
        CommandDefinition.Post("down-unreachable", "Mark every unreachable member down.", "/api/cluster/down-unreachable"),
        CommandDefinition.Post("join", "Make the node you are connected to join a cluster at this address.", "/api/cluster/join", Address),
        CommandDefinition.Get("tail", "Stream member events (current members first) until Ctrl-C.", "/api/cluster/events", Count) with
            { Mode = CommandMode.Stream },
    ]);

    public static readonly CommandPalette Actor = new("actor", "The actor tree of the node you are connected to.",
    [
        CommandDefinition.Get("hierarchy", "Show the actor tree below a path.", "/api/actors",
            Switch("depth", CommandValueType.Integer, CommandInputLocation.Query, "How many levels to show (1-10, default 3).", alias: "-d"),
            Switch("path", CommandValueType.Text, CommandInputLocation.Query, "Start here instead of the root, e.g. /user.", alias: "-s")) with
            { Columns = ["name", "children"] },
    ]);

    public static readonly CommandPalette Node = new("node", "Health and metrics of the node you are connected to.",
    [
        CommandDefinition.Get("health", "Readiness: member Up and journal reachable.", "/health/ready"),
        CommandDefinition.Get("metrics", "A summary of the node's ftr_* metrics (from /metrics).", "/metrics") with { Mode = CommandMode.Metrics },
    ]);
}
