using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Chaos.Tests.Support;

/// <summary>Submits short sleep tasks at a steady pace to whichever nodes run, until stopped or a count is reached.</summary>
public sealed class LoadGenerator : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _submitted;

    public LoadGenerator(NodeCluster cluster, TaskBook book, int maxTasks, TimeSpan pace, int minMs, int maxMs)
    {
        _loop = Task.Run(async () =>
        {
            var random = new Random(7);
            for (var i = 0; i < maxTasks && !_stop.IsCancellationRequested; i++)
            {
                var running = cluster.Running.ToArray();
                if (running.Length > 0)
                {
                    await book.SubmitAsync(cluster, running[i % running.Length], "load", "Succeeded", new JsonObject
                    {
                        ["tool"] = "sleep", ["parameters"] = new JsonObject { ["ms"] = random.Next(minMs, maxMs) },
                    });
                    Interlocked.Increment(ref _submitted);
                }
                try
                {
                    await Task.Delay(pace, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
    }

    public int Submitted => Volatile.Read(ref _submitted);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (Exception)
        {
            // The test already reports what went wrong; a submit failing during teardown adds nothing.
        }
        _stop.Dispose();
    }
}
