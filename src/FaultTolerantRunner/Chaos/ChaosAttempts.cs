using System.Runtime.ExceptionServices;
using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Chaos;

/// <summary>
/// The two faults that act on a running attempt rather than fail it up front.
/// <list type="bullet">
/// <item><b>hang</b>: the tool runs without the attempt's cancellation and, whatever it does, the attempt does not return
/// until the runner tears it down. Only the runner's timeout ends it: its cancel is ignored, so what stops a process tool is
/// the kill path (the attempt's process trees killed), and the attempt fails as timed out.</item>
/// <item><b>crash</b>: the tool runs; after the switch's latency its process trees are SIGKILLed (<see cref="ProcessTree.KillNow"/>)
/// and the tool reports the killed process itself (exit 137). An in-process tool, or one with no process yet, dies the same
/// way: its work is abandoned (cancelled, its outcome dropped) and the attempt fails with the shape of a SIGKILLed process,
/// so both kinds go through the same classification (resource.oom-killed) and retry path. A tool that finished before the
/// crash moment loses its outcome: the worker died after the work and before reporting it, which is what idempotency keys are for.</item>
/// </list>
/// </summary>
internal static class ChaosAttempts
{
    /// <summary>How long a crashed process tool gets to notice its killed child and report it, before the crash reports itself.</summary>
    private static readonly TimeSpan ReportGrace = TimeSpan.FromSeconds(5);

    public static async Task<ToolResult> HangAsync(ITaskHandler inner, AttemptContext context, TimeProvider time)
    {
        // Released by the attempt's own cleanup, which the runner runs when it ends the attempt (timeout, cancel, stop):
        // the hang outlives cancellation, never the attempt, so no task or thread leaks past it.
        using var torn = new CancellationTokenSource();
        context.RegisterCleanup(() =>
        {
            torn.Cancel();
            return ValueTask.CompletedTask;
        });
        try
        {
            await inner.ExecuteAsync(context, torn.Token).ConfigureAwait(false);
        }
        catch (Exception) when (!torn.IsCancellationRequested)
        {
            // A killed process (or the tool's own error) does not end a hang: only the teardown does.
        }
        catch (OperationCanceledException)
        {
        }
        await Task.Delay(Timeout.InfiniteTimeSpan, time, torn.Token).ConfigureAwait(false);
        throw new OperationCanceledException("chaos: a hung attempt was torn down");
    }

    public static async Task<ToolResult> CrashAsync(ITaskHandler inner, string tool, ChaosRule rule, AttemptContext context, TimeProvider time,
        CancellationToken cancellation)
    {
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var running = Task.Run(() => inner.ExecuteAsync(context, abandon.Token), CancellationToken.None);
        try
        {
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromMilliseconds(rule.LatencyMs), time, abandon.Token)).ConfigureAwait(false);
            cancellation.ThrowIfCancellationRequested();
            // The tool sees its process die as any killed process does (exit 137) and reports it through its own path.
            if (!running.IsCompleted && context.KillProcessesNow() > 0)
                await Task.WhenAny(running, Task.Delay(ReportGrace, time, abandon.Token)).ConfigureAwait(false);
            // Failed by itself before the crash moment, or reporting its killed process: that error is the attempt's.
            if (running.IsFaulted) ExceptionDispatchInfo.Capture(running.Exception!.InnerException!).Throw();
        }
        finally
        {
            await abandon.CancelAsync().ConfigureAwait(false);
            Observe(running);
        }
        throw ChaosFaults.Crashed(tool);
    }

    /// <summary>The abandoned tool's own outcome is dropped on purpose; observing it keeps it off the unobserved-exception event.</summary>
    private static void Observe(Task task) => task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
}
