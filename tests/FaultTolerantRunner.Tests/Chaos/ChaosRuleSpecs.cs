using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using FaultTolerantRunner.Chaos;

namespace FaultTolerantRunner.Tests.Chaos;

/// <summary>Switch validation, scope (which node a switch is in force on) and the merge of two nodes' replicas, without an actor system.</summary>
public sealed class ChaosRuleSpecs
{
    private const string NodeA = "akka.tcp://ftr@127.0.0.1:4053";
    private const string NodeB = "akka.tcp://ftr@127.0.0.1:4054";
    private static readonly string[] Members = [NodeA, NodeB];

    [Theory]
    [InlineData("hang", null, null)]
    [InlineData("crash", null, null)]
    [InlineData("error", "transient", null)]
    [InlineData("error", null, "category is required for an error fault")]
    [InlineData("hang", "transient", "a hang takes no category")]
    [InlineData("freeze", null, "unknown fault 'freeze'; faults: error, hang, crash")]
    [InlineData("error", "flaky", "unknown category 'flaky'")]
    public void A_fault_is_checked_with_its_category(string fault, string? category, string? problem)
    {
        var found = ChaosRule.Problem("sleep", fault, category, 1, 0);

        if (problem is null) Assert.Null(found);
        else Assert.StartsWith(problem, found);
    }

    [Fact]
    public void Hang_and_crash_end_in_the_category_of_what_the_runner_sees()
    {
        var board = new ChaosSwitchboard();

        Assert.Equal("timeout", board.Enable("sleep", ChaosFaults.Hang, null, 1, 0, null).Category);
        Assert.Equal("resource", board.Enable("echo", ChaosFaults.Crash, null, 1, 0, null).Category);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("all", null)]
    [InlineData("ALL", null)]
    [InlineData(NodeB, NodeB)]
    [InlineData("127.0.0.1:4053", NodeA)]
    public void A_node_scope_names_a_member_by_address_or_host_and_port(string? input, string? expected)
    {
        var (node, problem) = ChaosScope.Resolve(input, Members);

        Assert.Null(problem);
        Assert.Equal(expected, node);
    }

    [Theory]
    [InlineData("127.0.0.1:9999")]
    [InlineData("akka.tcp://ftr@127.0.0.1:405")]
    [InlineData("")]
    public void A_scope_that_is_no_member_is_refused_with_the_members(string input)
    {
        var (node, problem) = ChaosScope.Resolve(input, Members);

        Assert.Null(node);
        Assert.NotNull(problem);
        if (input.Length > 0) Assert.Contains(NodeA, problem);
    }

    [Fact]
    public void A_scoped_switch_is_in_force_only_on_its_node()
    {
        var scoped = new ChaosRule("sleep", "timeout", 1, 0, DateTimeOffset.UnixEpoch, ChaosFaults.Hang, NodeB);
        var everywhere = scoped with { Node = null };

        Assert.Equal([NodeB], ChaosScope.InForceOn(scoped, Members));
        Assert.Equal(Members, ChaosScope.InForceOn(everywhere, Members));
        Assert.False(ChaosScope.Covers(scoped, NodeA));
        Assert.Equal(NodeB, scoped.Scope);
        Assert.Equal("all", everywhere.Scope);
    }

    [Fact]
    public void Replicas_that_change_one_switch_concurrently_converge_on_the_later_change()
    {
        var (a, b) = (Unique(4053), Unique(4054));
        var hang = new ChaosRule("sleep", "timeout", 1, 0, DateTimeOffset.UnixEpoch, ChaosFaults.Hang);
        var shared = ChaosRuleMap.Put(LWWDictionary<string, string>.Empty, a, hang);
        var onA = ChaosRuleMap.Put(shared, a, hang with { Rate = 0.5 });
        var onB = ChaosRuleMap.Put(onA.Merge(shared), b, hang with { Fault = ChaosFaults.Crash, Category = "resource" });

        var ab = ChaosRuleMap.Rules(onA.Merge(onB));
        var ba = ChaosRuleMap.Rules(onB.Merge(onA));

        Assert.Equal(ab, ba);
        Assert.Equal(ChaosFaults.Crash, Assert.Single(ab).Fault);
    }

    [Fact]
    public void A_disable_seen_after_the_enable_removes_the_switch_on_every_replica()
    {
        var (a, b) = (Unique(4053), Unique(4054));
        var crash = new ChaosRule("echo", "resource", 1, 0, DateTimeOffset.UnixEpoch, ChaosFaults.Crash, NodeB);
        var enabledOnA = ChaosRuleMap.Put(LWWDictionary<string, string>.Empty, a, crash);
        var disabledOnB = ChaosRuleMap.Remove(enabledOnA, b, "echo");

        Assert.Empty(ChaosRuleMap.Rules(enabledOnA.Merge(disabledOnB)));
        Assert.Equal(crash, Assert.Single(ChaosRuleMap.Rules(enabledOnA)));
    }

    [Fact]
    public async Task The_board_lists_every_replicated_switch_and_injects_those_in_force_on_it()
    {
        var board = new ChaosSwitchboard(new Random(1), TimeProvider.System);
        board.Attach(NodeA, new InMemoryReplica(Members));
        await board.EnableAsync("echo", ChaosFaults.Error, "permanent", 1, 0, "127.0.0.1:4054");
        board.Replace([.. board.Rules, new ChaosRule("http", "external", 1, 0, DateTimeOffset.UnixEpoch)]);

        Assert.Equal(["echo", "http"], board.Rules.Select(r => r.Target));
        Assert.Equal(NodeB, board.Rules[0].Node);
        Assert.Null(board.Find("echo"));
        Assert.NotNull(board.Find("http"));
        Assert.Throws<ArgumentException>(() => board.Enable("echo", ChaosFaults.Hang, null, 1, 0, "10.9.9.9:1"));
    }

    private static UniqueAddress Unique(int port) => new(new Address("akka.tcp", "ftr", "127.0.0.1", port), port);

    /// <summary>A replica that keeps what it is given: the board's own contract, not the cluster's transport.</summary>
    private sealed class InMemoryReplica(IReadOnlyList<string> members) : IChaosReplica
    {
        private readonly Dictionary<string, ChaosRule> _rules = new(StringComparer.Ordinal);

        public Task<IReadOnlyCollection<ChaosRule>> PutAsync(ChaosRule rule)
        {
            _rules[rule.Target] = rule;
            return Task.FromResult<IReadOnlyCollection<ChaosRule>>(_rules.Values.ToArray());
        }

        public Task<IReadOnlyCollection<ChaosRule>> RemoveAsync(string target)
        {
            _rules.Remove(target);
            return Task.FromResult<IReadOnlyCollection<ChaosRule>>(_rules.Values.ToArray());
        }

        public IReadOnlyList<string> Members() => members;
    }
}
