using Polly;
using Polly.Retry;

namespace FaultTolerantRunner.TestSupport;

/// <summary>Polls a condition until it holds or a deadline passes; the last failure is what the test reports.</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> holds, TimeSpan within, string what)
    {
        // The timeout is the outer strategy, so it bounds the whole polling (inner, it would bound each read only
        // and a condition that never holds would poll forever instead of failing the test).
        var pipeline = new ResiliencePipelineBuilder<T>()
            .AddTimeout(within)
            .AddRetry(new RetryStrategyOptions<T>
            {
                ShouldHandle = new PredicateBuilder<T>().Handle<HttpRequestException>().Handle<TaskCanceledException>(e => e.InnerException is TimeoutException).HandleResult(r => !holds(r)),
                Delay = TimeSpan.FromMilliseconds(50),
                BackoffType = DelayBackoffType.Constant,
                MaxRetryAttempts = int.MaxValue,
            })
            .Build();
        T last = default!;
        try
        {
            return last = await pipeline.ExecuteAsync(async _ => last = await read());
        }
        catch (Polly.Timeout.TimeoutRejectedException)
        {
            throw new Xunit.Sdk.XunitException($"{what} did not happen within {within}; last value: {Describe(last)}");
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "(no read completed)",
        System.Collections.IDictionary map => string.Join("; ", map.Keys.Cast<object>().Select(k => $"{k} = {map[k]}")),
        _ => value.ToString() ?? "",
    };
}
