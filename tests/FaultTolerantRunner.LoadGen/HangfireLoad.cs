using System.Collections.Concurrent;
using System.Diagnostics;
using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.States;
using Hangfire.Storage;

namespace FaultTolerantRunner.LoadGen;

/// <summary>
/// Hangfire side by side: the same no-op job, failing its first attempt on the same share of jobs, retried by
/// <see cref="AutomaticRetryAttribute"/> with no delay. Completion is observed when the Succeeded state is applied.
/// </summary>
public static class HangfireLoad
{
    private static CompletionLog? _log;
    private static readonly ConcurrentDictionary<string, byte> FailedOnce = new(StringComparer.Ordinal);

    public static JobStorage InMemory() => new InMemoryStorage();

    public static JobStorage PostgreSql(string connectionString)
    {
        var options = new PostgreSqlStorageOptions
        {
            PrepareSchemaIfNecessary = true,
            // The default is 15 s; 50 ms is the lowest Hangfire.PostgreSql accepts without AllowUnsafeValues.
            QueuePollInterval = TimeSpan.FromMilliseconds(50),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options, null), options);
    }

    public static async Task<(CompletionLog Log, TimeSpan Elapsed, bool AllDone)> RunAsync(JobStorage storage, int jobs, int concurrency,
        int failurePercent, int workers, TimeSpan limit)
    {
        var log = new CompletionLog();
        _log = log;
        if (!GlobalJobFilters.Filters.Any(f => f.Instance is SucceededObserver)) GlobalJobFilters.Filters.Add(new SucceededObserver());
        var client = new BackgroundJobClient(storage);
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            WorkerCount = workers,
            SchedulePollingInterval = TimeSpan.FromMilliseconds(100),
        }, storage);
        var next = -1;
        var watch = Stopwatch.StartNew();
        var submitters = Enumerable.Range(0, concurrency).Select(_ => Task.Run(() =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < jobs && watch.Elapsed < limit)
            {
                var key = $"j{i}";
                var fail = FtrLoad.Failing(i, failurePercent);
                var started = Stopwatch.GetTimestamp();
                var id = client.Create(Job.FromExpression(() => BenchJob.Run(key, fail)), new EnqueuedState());
                log.Submitted(id, started);
            }
        })).ToArray();
        await Task.WhenAll(submitters);
        var allDone = await log.WaitForAsync(jobs, limit - watch.Elapsed);
        server.SendStop();
        return (log, log.Span(), allDone);
    }

    /// <summary>The job: a no-op that throws on its first attempt when asked to.</summary>
    public static class BenchJob
    {
        [AutomaticRetry(Attempts = 3, DelaysInSeconds = [0])]
        public static void Run(string key, bool failFirst)
        {
            if (failFirst && FailedOnce.TryAdd(key, 0)) throw new TimeoutException($"injected transient failure for {key}");
        }
    }

    private sealed class SucceededObserver : JobFilterAttribute, IApplyStateFilter
    {
        public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
        {
            if (context.NewState is SucceededState) _log?.Completed(context.BackgroundJob.Id);
        }

        public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
        {
        }
    }
}
