using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using FaultTolerantRunner.Problems;

namespace FaultTolerantRunner.Schedules;

/// <summary>
/// The way to schedules for HTTP endpoints and embedders. Every live schedule runs (sharding remembers them), so the list
/// is the schedule entities running on the Up members' regions, each asked for its state.
/// </summary>
public sealed class ScheduleClient(IRequiredActor<ScheduleRegion> region, ActorSystem system)
{
    /// <summary>How long one region may take to say which schedules it runs.</summary>
    private static readonly TimeSpan RegionTimeout = TimeSpan.FromSeconds(5);

    public async Task<ScheduleProtocol.ScheduleReply> AskAsync(IScheduleMessage message, CancellationToken cancellation = default)
    {
        if (!ScheduleKeys.IsValidName(message.Name)) throw InvalidName(message.Name);
        var target = await region.GetAsync(cancellation).ConfigureAwait(false);
        return await target.AskAsync<ScheduleProtocol.ScheduleReply>(message, "the schedule's entity", cancellation).ConfigureAwait(false);
    }

    /// <summary>Every schedule, by name; <c>Complete</c> is false when a member's region did not answer (its schedules are missing).</summary>
    public async Task<(IReadOnlyList<ScheduleState> Schedules, bool Complete)> ListAsync(CancellationToken cancellation = default)
    {
        var members = Cluster.Get(system).State.Members.Where(m => m.Status == MemberStatus.Up).ToArray();
        var regions = await Task.WhenAll(members.Select(m => EntitiesOn(m.Address, cancellation))).ConfigureAwait(false);
        var names = regions.Where(r => r is not null).SelectMany(r => r!).Distinct(StringComparer.Ordinal).ToArray();
        var replies = await Task.WhenAll(names.Select(n => AskAsync(new ScheduleProtocol.GetSchedule(n), cancellation))).ConfigureAwait(false);
        var live = replies.Select(r => r.State).Where(s => s.Exists).OrderBy(s => s.Name, StringComparer.Ordinal).ToArray();
        return (live, regions.All(r => r is not null));
    }

    private async Task<IEnumerable<string>?> EntitiesOn(Address address, CancellationToken cancellation)
    {
        try
        {
            var path = new RootActorPath(address) / "system" / "sharding" / ScheduleMessageExtractor.ShardTypeName;
            var state = await system.ActorSelection(path).Ask<CurrentShardRegionState>(GetShardRegionState.Instance, RegionTimeout, cancellation)
                .ConfigureAwait(false);
            return state.Shards.SelectMany(s => s.EntityIds);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            return null;
        }
    }

    public static FtrProblemException InvalidName(string? name) =>
        new(FtrProblem.Validation("invalid-schedule-name",
            $"a schedule name is 1 to {ScheduleDefaults.MaxNameLength} characters of letters, digits, '.', '_' and '-' (got '{name}')", null,
            "e.g. \"name\": \"nightly-report\""));

    public static FtrProblemException NotFound(string name) =>
        new(FtrProblem.NotFound(ScheduleProblems.NotFound, $"no schedule named '{name}'",
            "list schedules with: ftr schedules list  (or GET /api/schedules)"), 404);
}
