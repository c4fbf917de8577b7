using Akka.Actor;
using Akka.Event;
using Akka.TestKit.Xunit2;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tests.Support;
using Directive = FaultTolerantRunner.Taxonomy.Directive;

namespace FaultTolerantRunner.Tests.Supervision;

/// <summary>
/// The attempt supervisor (Akka's BackoffSupervisor, OnStop) and a real runner, with a probe as the task entity: a retry
/// verdict brings a fresh runner after the backoff, a final verdict or an abort ends the supervisor, and no failure in
/// between is logged by Akka.
/// </summary>
public sealed class AttemptSupervisionSpecs : TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_retry_verdict_starts_a_fresh_runner_and_a_final_one_ends_the_supervisor_without_an_akka_error()
    {
        var errors = CreateTestProbe();
        Sys.EventStream.Subscribe(errors.Ref, typeof(Error));
        var entity = CreateTestProbe();
        var supervisor = Watch(Sys.ActorOf(AttemptRunner.SupervisedProps("t-1", entity.Ref, TestSystems.Runtime()), "attempts"));
        var failing = TestSystems.Spec("flaky", """{"failures":5,"category":"transient"}""");

        var first = Fail(entity, 1, failing, new FailureVerdict(Directive.Restart, true, TimeSpan.Zero, 1, "transient retry 1 of 5"));
        var second = Fail(entity, 2, failing, new FailureVerdict(Directive.Stop, false, TimeSpan.Zero, 0, "retries exhausted"));

        Assert.NotEqual(first, second);
        ExpectTerminated(supervisor, Timeout);
        errors.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void An_abort_ends_the_supervisor_instead_of_starting_another_runner()
    {
        var entity = CreateTestProbe();
        var supervisor = Watch(Sys.ActorOf(AttemptRunner.SupervisedProps("t-2", entity.Ref, TestSystems.Runtime()), "attempts"));

        entity.ExpectMsg<AttemptProtocol.Starting>(Timeout);
        entity.LastSender.Tell(new AttemptProtocol.Abort("task is Cancelled"));

        ExpectTerminated(supervisor, Timeout);
        entity.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    /// <summary>Runs attempt <paramref name="attempt"/> as the entity would and answers its failure; returns the runner.</summary>
    private static IActorRef Fail(Akka.TestKit.TestProbe entity, int attempt, TaskSpec spec, FailureVerdict verdict)
    {
        entity.ExpectMsg<AttemptProtocol.Starting>(Timeout);
        var runner = entity.LastSender;
        runner.Tell(new AttemptProtocol.Go(attempt, spec, Timeout), entity.Ref);
        Assert.Equal(attempt, entity.ExpectMsg<AttemptProtocol.Failed>(Timeout).Attempt);
        runner.Tell(verdict, entity.Ref);
        Assert.Equal(attempt, entity.ExpectMsg<AttemptProtocol.Closed>(Timeout).Attempt);
        return runner;
    }
}
