using System.Diagnostics;
using FaultTolerantRunner.Persistence;

namespace FaultTolerantRunner.Tests.Journal.Compliance;

/// <summary>The FaultTolerantRunner.BatchWriter child: big atomic batches in a loop, until it is SIGKILLed.</summary>
public sealed class BatchWriterProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly System.Text.StringBuilder _errors = new();

    private BatchWriterProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_lines) _lines.Add(e.Data);
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_errors) _errors.AppendLine(e.Data);
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static BatchWriterProcess Start(string writer, PersistenceOptions options, string prefix, int eventsPerBatch)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FaultTolerantRunner.BatchWriter.dll"));
        foreach (var arg in new[] { writer, options.Provider.ToString(), options.EffectiveConnectionString, prefix, eventsPerBatch.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            startInfo.ArgumentList.Add(arg);
        return new BatchWriterProcess(Process.Start(startInfo)!);
    }

    /// <summary>The ids the child said it sent, and those whose batch the journal confirmed whole.</summary>
    public (HashSet<string> Sent, HashSet<string> Acked) Progress()
    {
        lock (_lines)
            return (Ids("sent "), Ids("acked "));

        HashSet<string> Ids(string verb) => _lines.Where(l => l.StartsWith(verb, StringComparison.Ordinal)).Select(l => l[verb.Length..]).ToHashSet(StringComparer.Ordinal);
    }

    public string Errors
    {
        get
        {
            lock (_errors) return _errors.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL, then waits until the process is gone and its output read to the end.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
