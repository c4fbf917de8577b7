using Akka.Actor;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tests.Support;
using Xunit.Abstractions;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Tests.Tasks;

/// <summary>
/// The task index answers the dashboard's and <c>GET /api/tasks</c>'s filters from journaled events: newest accepted first
/// with ties by id, each filter narrowing the matches, totals counting every match and pages cut from them.
/// </summary>
public sealed class TaskIndexFilterSpecs(ITestOutputHelper output) : SqliteSpec("index-filter", output)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Without_a_filter_tasks_come_newest_first_with_ties_by_id()
    {
        var index = await SeededIndexAsync();

        var list = await ListAsync(index, TaskFilter.All);

        Assert.Equal(["a5", "a4", "a2", "a3", "a1"], list.Items.Select(t => t.Id));
        Assert.Equal(5, list.Total);
        Assert.Equal(("order-1", "{\"text\":\"Invoice 17\"}"), (list.Items[^1].IdempotencyKey, list.Items[^1].ParametersText));
    }

    [Fact]
    public async Task Each_filter_alone_keeps_only_its_matches()
    {
        var index = await SeededIndexAsync();

        Assert.Equal(["a4"], await IdsAsync(index, new TaskFilter(State: TaskStatus.Running)));
        Assert.Equal(["a4", "a3"], await IdsAsync(index, new TaskFilter(Tool: "resize")));
        Assert.Equal(["a5", "a4", "a2", "a3"], await IdsAsync(index, new TaskFilter(Since: T0.AddMinutes(1))));
        Assert.Equal(["a1"], await IdsAsync(index, new TaskFilter(Until: T0.AddMinutes(1))));
        Assert.Equal(["a2"], await IdsAsync(index, new TaskFilter(Category: ErrorCategory.Transient)));
        Assert.Equal(["a4"], await IdsAsync(index, new TaskFilter(IdempotencyKey: "order-4")));
        // Text matches the parameters (a1) or the last error (a3), in any case.
        Assert.Equal(["a3", "a1"], await IdsAsync(index, new TaskFilter(Text: "inVOICE")));
        Assert.Empty(await IdsAsync(index, new TaskFilter(IdempotencyKey: "ORDER-4")));
    }

    [Fact]
    public async Task Filters_combine_and_an_empty_time_range_matches_nothing()
    {
        var index = await SeededIndexAsync();

        Assert.Equal(["a5", "a2"], await IdsAsync(index, new TaskFilter(Tool: "echo", Since: T0.AddMinutes(1))));
        Assert.Equal(["a3"], await IdsAsync(index, new TaskFilter(Tool: "resize", Text: "invoice")));
        Assert.Equal(["a4", "a2", "a3"], await IdsAsync(index, new TaskFilter(Since: T0.AddMinutes(1), Until: T0.AddMinutes(3))));
        Assert.Equal(["a2"], await IdsAsync(index, new TaskFilter(TaskStatus.RetryScheduled, "echo", T0, T0.AddHours(1), ErrorCategory.Transient, null, "reset")));
        Assert.Empty(await IdsAsync(index, new TaskFilter(Since: T0.AddMinutes(2), Until: T0.AddMinutes(1))));
        Assert.Empty(await IdsAsync(index, new TaskFilter(Since: T0.AddMinutes(1), Until: T0.AddMinutes(1))));
    }

    [Fact]
    public async Task Pages_are_cut_from_the_filtered_matches_and_the_total_counts_all_of_them()
    {
        var index = await SeededIndexAsync();
        var echo = new TaskFilter(Tool: "echo");

        var second = await index.Ask<TaskIndexProtocol.TaskList>(new TaskIndexProtocol.ListTasks(echo, 1, 1), TimeSpan.FromSeconds(5));
        var beyond = await index.Ask<TaskIndexProtocol.TaskList>(new TaskIndexProtocol.ListTasks(echo, 5, 10), TimeSpan.FromSeconds(5));
        var ranged = await index.Ask<TaskIndexProtocol.TaskList>(
            new TaskIndexProtocol.ListTasks(new TaskFilter(Since: T0.AddMinutes(1)), 2, 10), TimeSpan.FromSeconds(5));

        Assert.Equal(["a2"], second.Items.Select(t => t.Id));
        Assert.Equal(3, second.Total);
        Assert.Empty(beyond.Items);
        Assert.Equal(3, beyond.Total);
        Assert.Equal(["a2", "a3"], ranged.Items.Select(t => t.Id));
        Assert.Equal(4, ranged.Total);
    }

    [Fact]
    public async Task The_fingerprint_filter_keeps_the_tasks_whose_last_error_has_it()
    {
        var index = await SeededIndexAsync();

        Assert.Equal(["a2"], await IdsAsync(index, new TaskFilter(Fingerprint: "fp-reset")));
        Assert.Empty(await IdsAsync(index, new TaskFilter(Fingerprint: "FP-RESET")));
        Assert.True(new TaskFilter(Text: "").IsEmpty);
        Assert.False(new TaskFilter(Fingerprint: "fp-reset").IsEmpty);
    }

    [Fact]
    public async Task A_bulk_selection_names_the_eligible_matches_and_counts_the_others_per_reason()
    {
        var index = await SeededIndexAsync();
        var echo = new TaskFilter(Tool: "echo");

        var cancel = await index.Ask<TaskIndexProtocol.Selection>(new TaskIndexProtocol.SelectTasks(echo, TaskBulkTarget.Unfinished, 10), TimeSpan.FromSeconds(5));
        var retry = await index.Ask<TaskIndexProtocol.Selection>(new TaskIndexProtocol.SelectTasks(echo, TaskBulkTarget.DeadLettered, 10), TimeSpan.FromSeconds(5));
        var bounded = await index.Ask<TaskIndexProtocol.Selection>(
            new TaskIndexProtocol.SelectTasks(new TaskFilter(Since: T0), TaskBulkTarget.Unfinished, 1), TimeSpan.FromSeconds(5));

        Assert.Equal((3, 1, "a2"), (cancel.Matched, cancel.Eligible, string.Join(",", cancel.Ids)));
        Assert.Equal(2, cancel.Skipped["already-finished"]);
        Assert.Equal((3, 1, "a5"), (retry.Matched, retry.Eligible, string.Join(",", retry.Ids)));
        Assert.Equal(2, retry.Skipped["not-dead-lettered"]);
        Assert.Equal((2, 1), (bounded.Eligible, bounded.Ids.Count));
    }

    /// <summary>Five tasks: two accepted in the same minute (a2, a3) to show ties, with errors of three categories.</summary>
    private async Task<IActorRef> SeededIndexAsync()
    {
        var index = Sys.ActorOf(TaskIndex.Props(1_000));
        await Write("a1", new TaskSpec("echo", "{\"text\":\"Invoice 17\"}", "order-1", null), T0,
            new AttemptStarted(1, "n1", T0), new AttemptSucceeded(1, "{}", 5, T0.AddSeconds(1)));
        await Write("a3", new TaskSpec("resize", "{\"width\":640}", null, null), T0.AddMinutes(1),
            new AttemptStarted(1, "n1", T0.AddMinutes(1)), new TaskFailed(Error("bad INVOICE format", ErrorCategory.Permanent), T0.AddMinutes(1).AddSeconds(1)));
        await Write("a2", new TaskSpec("echo", "{\"text\":\"hello\"}", null, null), T0.AddMinutes(1),
            new AttemptStarted(1, "n1", T0.AddMinutes(1)),
            new AttemptFailed(1, Error("connection reset", ErrorCategory.Transient) with { Fingerprint = "fp-reset" }, 5, T0.AddMinutes(5), T0.AddMinutes(1).AddSeconds(1)));
        await Write("a4", new TaskSpec("resize", "{\"width\":320}", "order-4", null), T0.AddMinutes(2), new AttemptStarted(1, "n1", T0.AddMinutes(2)));
        await Write("a5", new TaskSpec("echo", "{}", null, null), T0.AddMinutes(3),
            new TaskDeadLettered(Error("timed out", ErrorCategory.Timeout), "retries exhausted", T0.AddMinutes(3).AddSeconds(1)));
        await AwaitAssertAsync(async () =>
        {
            var status = await index.Ask<TaskIndexProtocol.IndexStatus>(TaskIndexProtocol.GetIndexStatus.Instance, TimeSpan.FromSeconds(5));
            Assert.True(status is { CaughtUp: true, Tasks: 5 }, $"index not caught up with the five tasks: {status}");
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50));
        return index;
    }

    private Task Write(string id, TaskSpec spec, DateTimeOffset acceptedAt, params ITaskEvent[] events) =>
        EventWriter.PersistAsync(Sys, TaskIds.PersistenceId(id), [new TaskAccepted(id, spec, acceptedAt), .. events]);

    private static TaskError Error(string message, ErrorCategory category) => new("Test.Error", message, category, Severity.Medium, null, null);

    private static Task<TaskIndexProtocol.TaskList> ListAsync(IActorRef index, TaskFilter filter) =>
        index.Ask<TaskIndexProtocol.TaskList>(new TaskIndexProtocol.ListTasks(filter, 0, 100), TimeSpan.FromSeconds(5));

    private static async Task<string[]> IdsAsync(IActorRef index, TaskFilter filter) =>
        (await ListAsync(index, filter)).Items.Select(t => t.Id).ToArray();
}
