using FaultTolerantRunner.Recovery;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tools;
using FaultTolerantRunner.Tools.BuiltIn;

namespace FaultTolerantRunner.Tests.Tasks.Decisions;

/// <summary>A task's rules on a fixed clock with no jitter, and helpers that walk a task through its events without an actor system.</summary>
public sealed class DecisionFixture
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    public DecisionFixture(TaskOptions? options = null, bool recovery = false, bool breakers = false, RetryPolicies? retry = null)
    {
        var tools = new ToolRegistry(new Dictionary<string, Func<ITaskHandler>>
        {
            ["echo"] = () => new EchoTool(),
            ["batch"] = () => new BatchTool(),
            ["pay"] = () => new GuardedTool("pay-svc", fallback: null),
            ["pay-cached"] = () => new GuardedTool(null, fallback: null),
            ["pay-with-cache"] = () => new GuardedTool("pay-svc", fallback: "pay-cached"),
            ["report"] = () => new GuardedTool(null, fallback: "report-cache"),
            ["report-cache"] = () => new GuardedTool(null, fallback: "report-static"),
            ["report-static"] = () => new GuardedTool(null, fallback: null),
        });
        // A random source that always draws the middle: policy delays come out without jitter.
        Rules = new TaskRules(tools, retry ?? new RetryPolicies(), options ?? new TaskOptions(), new RecoveryOptions(), "node-a", new MiddleRandom(),
            RecoveryEnabled: recovery, BreakersEnabled: breakers);
        Decider = new TaskDecider(Rules);
    }

    public TaskRules Rules { get; }

    public TaskDecider Decider { get; }

    /// <summary>Decides and applies the decision's events, as the entity does once they are journaled.</summary>
    public (TaskState State, TaskDecision Decision) Step(TaskState state, TaskCommand command, DateTimeOffset at)
    {
        var decision = Decider.Decide(state, command, at);
        return (decision.Events.Aggregate(state, (s, e) => s.Apply(e)), decision);
    }

    /// <summary>A task accepted at <see cref="T0"/> whose first attempt is running.</summary>
    public TaskState Running(string tool = "echo", string parameters = "{}", int? maxRetries = null)
    {
        var (state, _) = Step(TaskState.Empty("t1"), new TaskCommand.Submit("t1", new TaskSpec(tool, parameters, null, null, maxRetries), null), T0);
        return state.OpenAttempt is null ? Step(state, new TaskCommand.Gate(null), T0).State : state;
    }

    public static AttemptProtocol.Failed Failure(TaskState state, ErrorCategory category, string message = "boom", TimeSpan? took = null)
    {
        var classification = CategoryDefaults.For(category, $"test.{Names.Of(category)}");
        var error = new TaskError("Test.Error", message, category, classification.Severity, classification.Rule, null,
            classification.Directive, Fingerprint.Of(state.Spec!.Tool, category, message));
        return new AttemptProtocol.Failed(state.OpenAttempt!.Number, error, classification, took ?? TimeSpan.FromMilliseconds(10));
    }

    /// <summary>Fails the open attempt and, if it is retried, starts the next one at its retry time.</summary>
    public (TaskState State, TaskDecision Decision) FailAndRetry(TaskState state, ErrorCategory category, DateTimeOffset at)
    {
        var (failed, decision) = Step(state, new TaskCommand.RecordFailure(Failure(state, category)), at);
        return failed.NextAttemptAt is { } next ? (Step(failed, new TaskCommand.Gate(null), next).State, decision) : (failed, decision);
    }

    public static RecoveryProtocol.RecoveryPlan Plan(string fingerprint, int level, string strategy) =>
        new(fingerprint, level, strategy, DeadLetter: level >= RecoveryStrategies.MaxLevel, Reason: "test plan");

    private sealed class MiddleRandom : Random
    {
        public override double NextDouble() => 0.5;
    }

    private sealed class GuardedTool(string? service, string? fallback) : ITaskHandler, IGuardedTool
    {
        public string Description => "a declared tool that calls a guarded service";

        public IReadOnlyList<ToolParameter> Parameters { get; } = [];

        public string? FallbackTool => fallback;

        public string? ServiceFor(ToolParameters parameters) => service;

        public Task<ToolResult> ExecuteAsync(AttemptContext context, CancellationToken cancellation) =>
            throw new InvalidOperationException("decision specs never run a tool");
    }
}
