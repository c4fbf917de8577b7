using System.Collections.Concurrent;
using System.Diagnostics;
using Polly;
using Polly.Retry;

namespace FaultTolerantRunner.LoadGen;

/// <summary>The no-durability floor for retries: Polly.Core's retry pipeline in-process, same delays as FTR's fast policy.</summary>
public static class PollyRetry
{
    public static async Task<(CompletionLog Log, TimeSpan Elapsed)> RunAsync(int operations, int concurrency, int failures)
    {
        var pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = failures,
            Delay = TimeSpan.FromMilliseconds(1),
            MaxDelay = TimeSpan.FromMilliseconds(10),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = false,
            ShouldHandle = new PredicateBuilder().Handle<TimeoutException>(),
        }).Build();
        var attempts = new ConcurrentDictionary<int, int>();
        var log = new CompletionLog();
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < operations)
            {
                var key = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                log.Submitted(key, Stopwatch.GetTimestamp());
                await pipeline.ExecuteAsync(_ =>
                {
                    if (attempts.AddOrUpdate(i, 1, (_, n) => n + 1) <= failures) throw new TimeoutException("injected transient failure");
                    return ValueTask.CompletedTask;
                });
                log.Completed(key);
            }
        })));
        return (log, watch.Elapsed);
    }
}
