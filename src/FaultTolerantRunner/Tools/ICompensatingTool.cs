namespace FaultTolerantRunner.Tools;

/// <summary>
/// A tool that undoes its own partial work. Its attempts register compensations by name with their data
/// (<see cref="AttemptContext.RegisterCompensationAsync"/>); they are journaled, and when the task ends without success
/// this compensator runs each one, newest first, on whatever node holds the task then, even after a crash.
/// </summary>
public interface ICompensatingTool : ITaskHandler
{
    /// <summary>Undo one registered compensation. Throw to fail it (it is retried with backoff); honour <paramref name="cancellation"/> (Tasks:CompensationTimeout).</summary>
    Task CompensateAsync(Compensation compensation, CancellationToken cancellation);
}
