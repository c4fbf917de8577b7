using Akka.Actor;
using Akka.Configuration;
using BenchmarkDotNet.Attributes;
using FaultTolerantRunner.Breakers;
using Polly;
using Polly.CircuitBreaker;

namespace FaultTolerantRunner.Benchmarks;

/// <summary>
/// Breaker overhead per call: FTR's breaker actor (ask → reply, as a task attempt uses it) and its pure state machine,
/// side by side with Polly.Core's circuit breaker, closed and open, in the same run.
/// </summary>
[MemoryDiagnoser]
public class BreakerBenchmarks
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private ActorSystem _system = null!;
    private IActorRef _closed = null!;
    private IActorRef _open = null!;
    private BreakerState _closedState = null!;
    private BreakerState _openState = null!;
    private ResiliencePipeline _pollyClosed = null!;
    private ResiliencePipeline _pollyOpen = null!;
    private readonly ResilienceContextPool _contexts = ResilienceContextPool.Shared;

    [GlobalSetup]
    public async Task Setup()
    {
        _system = ActorSystem.Create("bench", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        var options = new BreakerOptions { BreakDuration = TimeSpan.FromHours(1), MaxBreakDuration = TimeSpan.FromHours(1) };
        _closed = _system.ActorOf(BreakerActor.Props("closed", options, TimeProvider.System));
        _open = _system.ActorOf(BreakerActor.Props("open", options, TimeProvider.System));
        await _open.Ask<BreakerProtocol.BreakerView>(new BreakerProtocol.Trip("open", "benchmark"), AskTimeout);

        _closedState = BreakerState.Closed("closed", options);
        _openState = _closedState.Trip(DateTimeOffset.UtcNow, "benchmark");

        _pollyClosed = new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions()).Build();
        var control = new CircuitBreakerManualControl();
        _pollyOpen = new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions { ManualControl = control }).Build();
        await control.IsolateAsync();
    }

    [GlobalCleanup]
    public Task Cleanup() => _system.Terminate();

    [Benchmark(Description = "FTR actor, closed: acquire + report")]
    public async Task<object> FtrActorClosed()
    {
        var permit = await _closed.Ask<object>(new BreakerProtocol.Acquire("closed"), AskTimeout);
        _closed.Tell(new BreakerProtocol.Report("closed", CallOutcome.Success, TimeSpan.FromMilliseconds(1), false));
        return permit;
    }

    [Benchmark(Description = "FTR actor, open: fast-fail (ask → rejected)")]
    public Task<object> FtrActorOpen() => _open.Ask<object>(new BreakerProtocol.Acquire("open"), AskTimeout);

    [Benchmark(Description = "FTR state machine, closed: acquire + record")]
    public BreakerState FtrStateClosed()
    {
        var now = DateTimeOffset.UtcNow;
        var (_, state) = _closedState.TryAcquire(now);
        // Keep the window from growing across iterations: measure one call's work on a fresh state.
        return state.Record(now, CallOutcome.Success, TimeSpan.FromMilliseconds(1), probe: false);
    }

    [Benchmark(Description = "FTR state machine, open: fast-fail")]
    public BreakerState.Permission FtrStateOpen() => _openState.TryAcquire(DateTimeOffset.UtcNow).Permission;

    [Benchmark(Description = "Polly.Core, closed: execute")]
    public int PollyClosed() => _pollyClosed.Execute(static () => 1);

    [Benchmark(Description = "Polly.Core, open: fast-fail (outcome, no throw)")]
    public async ValueTask<bool> PollyOpen()
    {
        var context = _contexts.Get();
        var outcome = await _pollyOpen.ExecuteOutcomeAsync(static (_, _) => Outcome.FromResultAsValueTask(1), context, 0);
        _contexts.Return(context);
        return outcome.Exception is not null;
    }
}
