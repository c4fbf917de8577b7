using System.Collections.Concurrent;
using System.Diagnostics;

namespace FaultTolerantRunner.LoadGen;

/// <summary>
/// Submit and completion timestamps per job id, joined into latencies; completion waits are bounded.
/// Timestamps are <see cref="Stopwatch.GetTimestamp"/> ticks.
/// </summary>
public sealed class CompletionLog
{
    private readonly ConcurrentDictionary<string, long> _submitted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _completed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _failed = new(StringComparer.Ordinal);
    private int _completedCount;
    private int _rejected;
    private readonly ConcurrentDictionary<string, byte> _rejectionCodes = new(StringComparer.Ordinal);

    public int CompletedCount => Volatile.Read(ref _completedCount);

    public int FailedCount => _failed.Count;

    public int SubmittedCount => _submitted.Count;

    public int RejectedCount => Volatile.Read(ref _rejected);

    public void Submitted(string id, long startedAt) => _submitted[id] = startedAt;

    public void Completed(string id)
    {
        if (_completed.TryAdd(id, Stopwatch.GetTimestamp())) Interlocked.Increment(ref _completedCount);
    }

    public void Rejected(string code)
    {
        Interlocked.Increment(ref _rejected);
        _rejectionCodes.TryAdd(code, 0);
    }

    /// <summary>The problem codes the refusals carried (load-shed, intake-paused, journal-timeout, ...).</summary>
    public string RejectionCodes => string.Join(",", _rejectionCodes.Keys.Order(StringComparer.Ordinal));

    public void Failed(string id, string outcome) => _failed.TryAdd(id, outcome);

    /// <summary>Waits until <paramref name="count"/> jobs completed or <paramref name="within"/> passed; false on time-out.</summary>
    public async Task<bool> WaitForAsync(int count, TimeSpan within)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
        while (CompletedCount < count)
        {
            if (Stopwatch.GetTimestamp() > deadline || within <= TimeSpan.Zero) return false;
            await Task.Delay(5);
        }
        return true;
    }

    /// <summary>Submit → completion latencies in milliseconds, for jobs seen both submitted and completed.</summary>
    public List<double> LatenciesMs() =>
        _submitted.Where(s => _completed.ContainsKey(s.Key))
            .Select(s => Stopwatch.GetElapsedTime(s.Value, _completed[s.Key]).TotalMilliseconds).ToList();

    /// <summary>Time from the first submit to the last completion.</summary>
    public TimeSpan Span() =>
        _submitted.IsEmpty || _completed.IsEmpty ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_submitted.Values.Min(), _completed.Values.Max());
}
