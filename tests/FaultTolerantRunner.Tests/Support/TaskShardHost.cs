using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using FaultTolerantRunner.Tasks;

namespace FaultTolerantRunner.Tests.Support;

/// <summary>
/// One incarnation of a single-member cluster over a SQLite journal, with the real task shard region: task entities find
/// each other through it as they do on a node. A second host on the same file is the same cluster restarted.
/// </summary>
public sealed class TaskShardHost : IAsyncDisposable
{
    private TaskShardHost(ActorSystem system, IActorRef region)
    {
        System = system;
        Region = region;
    }

    public ActorSystem System { get; }

    public IActorRef Region { get; }

    public static async Task<TaskShardHost> StartAsync(string databasePath, TaskRuntime runtime)
    {
        var config = ConfigurationFactory.ParseString("""
                akka.actor.provider = cluster
                akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
                akka.cluster.sharding.state-store-mode = ddata
                """).WithFallback(TestSystems.Sqlite(databasePath));
        var system = ActorSystem.Create("after-host", config);
        var cluster = Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var region = await ClusterSharding.Get(system).StartAsync(TaskIds.ShardTypeName, id => TaskEntity.Props(id, runtime),
            ClusterShardingSettings.Create(system), new TaskMessageExtractor(10));
        return new TaskShardHost(system, region);
    }

    public async Task<TaskState> SubmitAsync(string id, TaskSpec spec)
    {
        var submitted = await Region.Ask<TaskProtocol.TaskSubmitted>(new TaskProtocol.SubmitTask(id, spec), TimeSpan.FromSeconds(30));
        Assert.True(submitted.Created);
        return submitted.Task;
    }

    public Task<TaskState> GetAsync(string id) => Region.Ask<TaskState>(new TaskProtocol.GetTask(id), TimeSpan.FromSeconds(15));

    public Task<TaskState> AwaitStatusAsync(string id, FaultTolerantRunner.Tasks.TaskStatus status, TimeSpan within) =>
        Eventually.Until(() => GetAsync(id), s => s.Status == status, within, $"task {id} reaching {status}");

    public async ValueTask DisposeAsync()
    {
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance);
        await System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
