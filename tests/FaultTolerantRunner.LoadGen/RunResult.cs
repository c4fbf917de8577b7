using System.Diagnostics;

namespace FaultTolerantRunner.LoadGen;

/// <summary>One measured run: throughput, latency percentiles and the process cost per 10k tasks.</summary>
public sealed record RunResult(
    string Scenario, string System, string Storage, int FailurePercent, int Tasks, int Concurrency, int Completed,
    double Seconds, double PerSecond, double P50Ms, double P99Ms, double MaxMs, double CpuMsPer10k, double WorkingSetMb, string Note = "")
{
    public static RunResult From(string scenario, string system, string storage, int failurePercent, int tasks, int concurrency,
        IReadOnlyList<double> latenciesMs, TimeSpan elapsed, CpuMeter cpu, string note = "")
    {
        var sorted = latenciesMs.Order().ToArray();
        var cpuMs = cpu.Elapsed.TotalMilliseconds;
        return new RunResult(scenario, system, storage, failurePercent, tasks, concurrency, sorted.Length,
            Math.Round(elapsed.TotalSeconds, 3),
            Math.Round(sorted.Length / Math.Max(elapsed.TotalSeconds, 1e-9), 1),
            Math.Round(Percentile(sorted, 0.50), 2), Math.Round(Percentile(sorted, 0.99), 2),
            Math.Round(sorted.Length == 0 ? 0 : sorted[^1], 2),
            Math.Round(sorted.Length == 0 ? 0 : cpuMs * 10_000 / sorted.Length, 0),
            Math.Round(ResidentMb(), 0), note);
    }

    /// <summary>This process's resident memory now, in MiB.</summary>
    public static double ResidentMb()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 / 1048576.0;
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>CPU time this process spent since it was started (all threads: node, storage client and load generator).</summary>
public sealed class CpuMeter
{
    private readonly TimeSpan _start = Process.GetCurrentProcess().TotalProcessorTime;

    public TimeSpan Elapsed => Process.GetCurrentProcess().TotalProcessorTime - _start;
}
