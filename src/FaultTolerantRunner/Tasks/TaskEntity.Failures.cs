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
        if (verdict.Retry)
        {
            if (_runtime.Recovery is not null) AskForPlan(failure, runner, verdict);
            else PersistRetry(failure, runner, verdict, []);
            return;
        }
        DeadLetter(failure, runner, verdict, verdict.Reason, reportFinal: true);
    }

    /// <summary>The attempt's failure ends the task: dead-lettered (or failed), reported to its fingerprint, escalated when critical.</summary>
    private void DeadLetter(AttemptProtocol.Failed failure, IActorRef runner, FailureVerdict verdict, string reason, bool reportFinal)
    {
        var failed = new AttemptFailed(failure.Attempt, failure.Error, failure.Took.TotalMilliseconds, null, Now, reason);
        RunnerMetrics.ErrorClassified(Tool, failure.Error.Category, failure.Error.Severity, false);
        if (reportFinal && _runtime.Recovery is not null)
            _runtime.Recovery.Tell(FailureReport(failure, retryable: failure.Classification.Directive == Taxonomy.Directive.Restart, final: true));

        ITaskEvent final = _runtime.Options.DeadLetterQueue
            ? new TaskDeadLettered(failure.Error, reason, Now)
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
            if (_runtime.Recovery is not null && failure.Error.Fingerprint is { } fingerprint)
                _runtime.Recovery.Tell(new Recovery.RecoveryProtocol.ReportDeadLettered(fingerprint, State.Id, Tool, failure.Error.Severity, reason, _runtime.NodeName));
            Completed(_runtime.Options.DeadLetterQueue ? "dead-lettered" : "failed");
        });
    }

    private void Interrupted(int attempt, string reason)
    {
        if (State.ConsecutiveInterruptions + 1 >= _runtime.Options.MaxInterruptions)
        {
            // The attempt keeps taking its node or runner down: stop before it takes the next one.
            var error = new TaskError("FaultTolerantRunner.AttemptInterrupted", $"attempt interrupted {State.ConsecutiveInterruptions + 1} times in a row: {reason}",
                Names.Of(ErrorCategory.Critical), Names.Of(Severity.Critical), "ftr.repeated-interruption", null, "stop", null,
                "the tool crashes its runner or node; inspect the node logs before requeueing");
            ITaskEvent final = _runtime.Options.DeadLetterQueue ? new TaskDeadLettered(error, "repeatedly interrupted", Now) : new TaskFailed(error, Now);
            PersistAll(new ITaskEvent[] { new AttemptInterrupted(attempt, reason, Now), final }, e =>
            {
                State = State.Apply(e);
                if (e == final) Completed(_runtime.Options.DeadLetterQueue ? "dead-lettered" : "failed");
            });
            return;
        }
        // Back off like a transient failure, so a crash loop cannot spin.
        var delay = _runtime.Retry.For(Tool, ErrorCategory.Transient).DelayBefore(State.ConsecutiveInterruptions + 1, _runtime.Random.NextDouble());
        Persist(new AttemptInterrupted(attempt, reason, Now, Now + delay), interrupted =>
        {
            State = State.Apply(interrupted);
            _log.Warning("task {0}: attempt {1} was interrupted; running it again in {2}", State.Id, attempt, delay);
            StartAttempts();
        });
    }

    /// <summary>Journals what the runner's compensations did; once the task has ended, its attempt supervisor can go.</summary>
    private void RecordCompensations(AttemptProtocol.Closed closed, bool stopAttempts)
    {
        if (stopAttempts) StopAttempts();
        if (closed.Compensations.Count == 0) return;
        var events = closed.Compensations.Select(c => new CompensationRan(c.Name, c.Succeeded, c.Error, Now)).ToArray();
        PersistAll(events, e => State = State.Apply(e));
    }

    private void Requeue(TaskProtocol.RequeueTask requeue)
    {
        if (HandBackWhilePassivating(requeue)) return;
        // Still compensating or cleaning up the last attempt: requeue once that is done.
        if (!State.InDeadLetterQueue || _attempts is not null)
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
