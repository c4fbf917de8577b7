using System.Diagnostics;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Cli.Tests.Support;

/// <summary>One run of the real <c>ftr</c> executable: its exit code and what it printed.</summary>
public sealed record FtrRun(int ExitCode, string Stdout, string Stderr)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    public JsonNode Json => JsonNode.Parse(Stdout) ?? throw new Xunit.Sdk.XunitException($"no JSON on stdout: {this}");

    /// <summary>The one line a failure prints on stderr.</summary>
    public string ErrorLine
    {
        get
        {
            var text = Stderr.Trim();
            Assert.False(string.IsNullOrEmpty(text), $"expected a reason on stderr: {this}");
            Assert.DoesNotContain('\n', text);
            return text;
        }
    }

    public static async Task<FtrRun> StartAsync(IEnumerable<string> args, string? stdin = null, IDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        startInfo.ArgumentList.Add("exec");
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ftr.dll"));
        foreach (var arg in args) startInfo.ArgumentList.Add(arg);
        startInfo.Environment.Remove("FTR_API_KEY");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) startInfo.Environment[key] = value;

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"ftr {string.Join(' ', args)} did not end within {Limit}");
        }
        return new FtrRun(process.ExitCode, await stdout, await stderr);
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
