using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace FaultTolerantRunner.Tools.Processes;

/// <summary>Runs the configured executable with the task's parameters filled into the argument template.</summary>
public sealed class ProcessTool(string name, ProcessToolOptions options, IReadOnlyList<ToolParameter> parameters) : ITaskHandler
{
    private const int MaxOutputChars = 64 * 1024;

    public string Name { get; } = name;

    public string Description => options.Description.Length > 0 ? options.Description : $"Runs {options.Command}.";

    public IReadOnlyList<ToolParameter> Parameters { get; } = parameters;

    public TimeSpan DefaultTimeout => TimeSpan.FromSeconds(options.TimeoutSeconds ?? 300);

    public async Task<ToolResult> ExecuteAsync(AttemptContext context, CancellationToken cancellation)
    {
        var startInfo = new ProcessStartInfo(options.Command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = context.TempDirectory,
        };
        foreach (var template in options.Arguments) startInfo.ArgumentList.Add(Fill(template, context));
        startInfo.Environment["FTR_TASK_ID"] = context.TaskId;
        startInfo.Environment["FTR_ATTEMPT"] = context.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        startInfo.Environment["FTR_TEMP_DIR"] = context.TempDirectory;
        if (context.IdempotencyKey is { } key) startInfo.Environment["FTR_IDEMPOTENCY_KEY"] = key;

        var process = context.StartProcess(startInfo);
        var stdout = ReadBounded(process.StandardOutput);
        var stderr = ReadBounded(process.StandardError);
        try
        {
            await process.WaitForExitAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await context.KillProcessesAsync().ConfigureAwait(false);
            throw;
        }

        // A background child may keep stdout open after the root exited: drain briefly, then stop waiting
        // (the attempt's cleanup kills the rest of the process group).
        var drain = TimeSpan.FromSeconds(2);
        var output = await WithinOrPartial(stdout, drain).ConfigureAwait(false);
        var errors = await WithinOrPartial(stderr, drain).ConfigureAwait(false);
        if (process.ExitCode != 0) throw new ProcessFailedException(Name, process.ExitCode, errors);
        return new ToolResult(new JsonObject { ["exitCode"] = 0, ["stdout"] = output, ["stderr"] = errors });
    }

    private static async Task<string> WithinOrPartial(Task<string> reading, TimeSpan limit)
    {
        try
        {
            return await reading.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return "(output still open after the process exited; not captured)";
        }
    }

    private static string Fill(string template, AttemptContext context)
    {
        var result = template;
        foreach (var (key, value) in context.Parameters.Values)
            result = result.Replace("{" + key + "}", ToolParameters.Format(value), StringComparison.Ordinal);
        return result;
    }

    private static async Task<string> ReadBounded(StreamReader reader)
    {
        var builder = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            // Keep the tail: the end of a failing process's output is what explains it.
            builder.Append(buffer, 0, read);
            if (builder.Length > MaxOutputChars) builder.Remove(0, builder.Length - MaxOutputChars);
        }
        return builder.ToString();
    }
}
