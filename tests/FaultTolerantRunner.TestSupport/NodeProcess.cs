using System.Diagnostics;
using System.Text;

namespace FaultTolerantRunner.TestSupport;

/// <summary>A node as a child process (the built FaultTolerantRunner.Node.dll), so tests can SIGKILL it.</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    /// <summary>
    /// Every node this test process started. A test abandoned by its timeout never reaches its <c>await using</c>
    /// disposal, so the test host kills what is left when it exits: no node outlives its test run.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Process> Started = new();

    static NodeProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Started.Values)
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    };

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public int Id => _process.Id;

    public static NodeProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Starts a node with extra environment variables, e.g. exactly what a container would hand it.</summary>
    public static NodeProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "FaultTolerantRunner.Node.dll");
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        startInfo.ArgumentList.Add(dll);
        foreach (var arg in args) startInfo.ArgumentList.Add(arg);
        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment) startInfo.Environment[name] = value;
        var process = Process.Start(startInfo)!;
        Started[process.Id] = process;
        return new NodeProcess(process);
    }

    public async Task<int> WaitForExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit(); // flush redirected output
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush; what was journaled is all that survives.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>SIGTERM, as an orchestrator stops a container: the node leaves the cluster through CoordinatedShutdown.</summary>
    public void Terminate()
    {
        if (!_process.HasExited && Kill(_process.Id, SigTerm) != 0)
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()})");
    }

    public bool HasExited => _process.HasExited;

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillAsync();
        Started.TryRemove(_process.Id, out _);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
