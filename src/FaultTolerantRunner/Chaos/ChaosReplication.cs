using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;

namespace FaultTolerantRunner.Chaos;

/// <summary>
/// Replicates the chaos switches across the cluster with Akka.DistributedData: one last-writer-wins map (target → switch)
/// written with WriteLocal and gossiped to every member; each node subscribes and hands every change to its
/// <see cref="ChaosSwitchboard"/>, which injects the switches in force on it. A node that joins receives the map by gossip,
/// so it learns the switches already on. Concurrent changes of one target resolve to the latest; a disable is a removal.
/// </summary>
/// <remarks>
/// Why DistributedData and not pub-sub: switches are state, not events. A member that was down or joined late must converge on
/// the same set without anyone re-announcing it, and CRDT merge gives exactly that. WriteLocal is enough: a switch is a test aid,
/// and gossip spreads it within a second or two; an operator's change answers at once and is in force here at once.
/// </remarks>
public sealed class ChaosReplication : ReceiveActor
{
    public const string Name = "chaos-replication";

    internal static readonly LWWDictionaryKey<string, string> Key = new("ftr-chaos");

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    private readonly ChaosSwitchboard _board;
    private readonly IActorRef _replicator;
    private readonly UniqueAddress _self;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ChaosReplication(ChaosSwitchboard board)
    {
        _board = board;
        var ddata = DistributedData.Get(Context.System);
        _replicator = ddata.Replicator;
        var cluster = Cluster.Get(Context.System);
        _self = cluster.SelfUniqueAddress;
        board.Attach(cluster.SelfAddress.ToString(), new Replica(Self, cluster));

        Receive<Changed>(changed => _board.Replace(Decode(changed.Get(Key))));
        Receive<Put>(put => Write(put.Rule.Target, d => ChaosRuleMap.Put(d, _self, put.Rule)));
        Receive<Remove>(remove => Write(remove.Target, d => ChaosRuleMap.Remove(d, _self, remove.Target)));
        // Read back after the write: the reply is the replica's state including this write, so no older view can follow it.
        Receive<UpdateSuccess>(success => _replicator.Tell(Dsl.Get(Key, ReadLocal.Instance, success.Request)));
        Receive<GetSuccess>(got => Reply(got.Request, Decode(got.Get(Key))));
        Receive<NotFound>(missing => Reply(missing.Request, []));
        Receive<IUpdateFailure>(failure => Fail(failure.Request, $"chaos switches not written: {failure.GetType().Name}"));
        Receive<GetFailure>(failure => Fail(failure.Request, "chaos switches not read back"));
    }

    public static Props Props(ChaosSwitchboard board) => Akka.Actor.Props.Create(() => new ChaosReplication(board));

    protected override void PreStart() => _replicator.Tell(Dsl.Subscribe(Key, Self));

    private void Write(string target, Func<LWWDictionary<string, string>, LWWDictionary<string, string>> modify)
    {
        _log.Info("chaos: switch for {0} changed on this node; replicating", target);
        _replicator.Tell(Dsl.Update(Key, LWWDictionary<string, string>.Empty, WriteLocal.Instance, new Pending(Sender), modify));
    }

    private static void Reply(object? request, IReadOnlyCollection<ChaosRule> rules)
    {
        if (request is Pending pending) pending.ReplyTo.Tell(rules);
    }

    private static void Fail(object? request, string message)
    {
        if (request is Pending pending) pending.ReplyTo.Tell(new Status.Failure(new InvalidOperationException(message)));
    }

    private IReadOnlyCollection<ChaosRule> Decode(LWWDictionary<string, string> map) =>
        // E.g. written by a newer version: left out here rather than stop following the others.
        ChaosRuleMap.Rules(map, (target, problem) => _log.Warning("chaos: switch for {0} not understood, ignored: {1}", target, problem));

    private sealed record Put(ChaosRule Rule);

    private sealed record Remove(string Target);

    private sealed record Pending(IActorRef ReplyTo);

    private sealed class Replica(IActorRef replication, Cluster cluster) : IChaosReplica
    {
        public Task<IReadOnlyCollection<ChaosRule>> PutAsync(ChaosRule rule) => replication.Ask<IReadOnlyCollection<ChaosRule>>(new Put(rule), AskTimeout);

        public Task<IReadOnlyCollection<ChaosRule>> RemoveAsync(string target) =>
            replication.Ask<IReadOnlyCollection<ChaosRule>>(new Remove(target), AskTimeout);

        public IReadOnlyList<string> Members() => cluster.State.Members
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining or MemberStatus.Leaving)
            .Select(m => m.Address.ToString()).ToArray();
    }
}
