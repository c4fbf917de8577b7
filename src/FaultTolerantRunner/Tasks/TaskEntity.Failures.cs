using Akka.Actor;
using Akka.Event;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Telemetry;

namespace FaultTolerantRunner.Tasks;

/// <summary>The failure side of the task entity: retry decisions, the dead-letter queue, escalation and compensation records.</summary>
public sealed partial class TaskEntity
{
    private void OnAttemptFailed(AttemptProtocol.Failed failure)
    {
        var runner = Sender;
        if (!IsCurrent(failure.Attempt))
        {
            runner.Tell(new FailureVerdict(Taxonomy.Directive.Stop, false, TimeSpan.Zero, 0, "stale attempt"));
            return;
        }

        // Decide on the state that already holds this failure, so the retry budget counts it.
        var provisional = State.Apply(new AttemptFailed(failure.Attempt, failure.Error, failure.Took.TotalMilliseconds, null, Now));
        var policy = _runtime.Retry.For(Tool, failure.Classification.Category);
        var verdict = RetryDecision.Decide(provisional, failure.Classification, policy, _runtime.Random.NextDouble());
        var failed = new AttemptFailed(failure.Attempt, failure.Error, failure.Took.TotalMilliseconds,
            verdict.Retry ? Now + verdict.Delay : null, Now, verdict.Reason);
        RunnerMetrics.ErrorClassified(Tool, failure.Error.Category, failure.Error.Severity, verdict.Retry);

        if (verdict.Retry)
        {
            Persist(failed, e =>
            {
                State = State.Apply(e);
                runner.Tell(verdict);
            });
            return;
        }

        ITaskEvent final = _runtime.Options.DeadLetterQueue
            ? new TaskDeadLettered(failure.Error, verdict.Reason, Now)
            : new TaskFailed(failure.Error, Now);
        PersistAll(new ITaskEvent[] { failed, final }, e =>
        {
            State = State.Apply(e);
            if (e != final) return;
            // The runner still compensates and cleans up; it reports Closed, then the attempts stop.
            runner.Tell(verdict);
            if (verdict.Directive == Taxonomy.Directive.Escalate)
                Context.System.ActorSelection($"/user/{ToolGuardian.Name}")
                    .Tell(new ToolGuardian.Escalated(Tool, State.Id, $"{failure.Error.Type}: {failure.Error.Message}", Now));
            Completed(_runtime.Options.DeadLetterQueue ? "dead-lettered" : "failed");
        });
    }

    private void RecordCompensations(AttemptProtocol.Closed closed)
    {
        StopAttempts();
        if (closed.Compensations.Count == 0) return;
        var events = closed.Compensations.Select(c => new CompensationRan(c.Name, c.Succeeded, c.Error, Now)).ToArray();
        PersistAll(events, e => State = State.Apply(e));
    }

    private void Requeue(TaskProtocol.RequeueTask requeue)
    {
        if (!State.InDeadLetterQueue)
        {
            Sender.Tell(new TaskProtocol.DlqResult(State, Done: false));
            return;
        }
        Persist(new TaskRequeued(State.Requeues + 1, requeue.Reason, Now), requeued =>
        {
            State = State.Apply(requeued);
            Context.SetReceiveTimeout(null);
            Sender.Tell(new TaskProtocol.DlqResult(State, Done: true));
            _log.Info("task {0}: requeued ({1}); fresh retry budget", State.Id, requeue.Reason);
            Become(Active);
            StartAttempts();
        });
    }

    private void Purge(TaskProtocol.PurgeTask purge)
    {
        if (!State.InDeadLetterQueue)
        {
            Sender.Tell(new TaskProtocol.DlqResult(State, Done: false));
            return;
        }
        Persist(new TaskPurged(purge.Reason, Now), purged =>
        {
            State = State.Apply(purged);
            Sender.Tell(new TaskProtocol.DlqResult(State, Done: true));
        });
    }
}
