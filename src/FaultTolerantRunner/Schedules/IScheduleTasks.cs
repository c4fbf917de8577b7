namespace FaultTolerantRunner.Schedules;

/// <summary>How a schedule reaches tasks: submits like any client, under an idempotency key, and reads whether one has finished.</summary>
public interface IScheduleTasks
{
    /// <summary>The task's id once its acceptance is journaled (the existing task's, if the key was used before).</summary>
    /// <exception cref="Problems.FtrProblemException">Refused: a 4xx status is for good, 5xx for now.</exception>
    Task<string> SubmitAsync(ScheduleSpec spec, string idempotencyKey, CancellationToken cancellation = default);

    /// <summary>Whether the task has finished (a task that does not exist counts as finished).</summary>
    Task<bool> IsFinishedAsync(string taskId, CancellationToken cancellation = default);
}
