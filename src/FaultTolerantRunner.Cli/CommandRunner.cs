using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Cli.Catalog;
using FaultTolerantRunner.Cli.Output;
using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;
using Spectre.Console;
using TaskStatus = FaultTolerantRunner.Tasks.TaskStatus;

namespace FaultTolerantRunner.Cli;

/// <summary>Runs one parsed command against the node, in the command's mode, and prints the answer (table or raw JSON).</summary>
public sealed class CommandRunner(NodeClient client, IAnsiConsole console, TextWriter output)
{
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    public async Task<int> RunAsync(CommandDefinition command, IReadOnlyDictionary<string, object> values, ParseResult parse, CancellationToken cancellation)
    {
        var json = parse.GetValue(CommandTree.Json);
        var key = parse.GetValue(CommandTree.ApiKey);
        if (!string.IsNullOrEmpty(key)) client.UseApiKey(key);
        var call = CommandCall.From(command, values);
        try
        {
            return command.Mode switch
            {
                CommandMode.Stream => await StreamAsync(call, json, cancellation),
                CommandMode.Poll => await PollAsync(command, call, values, json, cancellation),
                CommandMode.Submit => await SubmitAsync(call, values.ContainsKey("wait"), json, cancellation),
                CommandMode.Metrics => await MetricsAsync(call, json, cancellation),
                _ => await RequestAsync(command, call, json, cancellation),
            };
        }
        catch (CliFailure failure) when (json && failure.Body is not null)
        {
            await output.WriteLineAsync(failure.Body);
            throw;
        }
    }

    private async Task<int> RequestAsync(CommandDefinition command, CommandCall call, bool json, CancellationToken cancellation)
    {
        var text = await client.SendAsync(call.Method, call.Route, call.Body, cancellation);
        Print(text, json, command.Columns);
        return ExitCodes.Ok;
    }

    private async Task<int> StreamAsync(CommandCall call, bool json, CancellationToken cancellation)
    {
        try
        {
            using var response = await client.OpenStreamAsync(call.Route, cancellation);
            // Ctrl-C closes the stream, so a read blocked on a quiet stream ends at once instead of relying on the
            // command line library's forced exit after its termination timeout.
            await using var closeOnCancel = cancellation.Register(static r => ((HttpResponseMessage)r!).Dispose(), response);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellation));
            while (await reader.ReadLineAsync(cancellation) is { } line)
            {
                if (!line.StartsWith("data:", StringComparison.Ordinal)) continue;
                var data = line["data:".Length..].Trim();
                if (json)
                {
                    await output.WriteLineAsync(data);
                    await output.FlushAsync(cancellation);
                    continue;
                }
                var e = JsonNode.Parse(data) as JsonObject;
                console.WriteLine($"{JsonView.Cell(e?["at"])}  {JsonView.Cell(e?["event"]),-18} {JsonView.Cell(e?["address"])}  {JsonView.Cell(e?["status"])}");
            }
        }
        catch (Exception e) when (cancellation.IsCancellationRequested && e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            return ExitCodes.Interrupted;
        }
        return ExitCodes.Ok;
    }

    private async Task<int> PollAsync(CommandDefinition command, CommandCall call, IReadOnlyDictionary<string, object> values, bool json, CancellationToken cancellation)
    {
        var rounds = values.TryGetValue("count", out var count) ? (int)count : int.MaxValue;
        if (rounds < 1) throw new CliFailure(ExitCodes.Usage, $"--count must be at least 1 (got {rounds})");
        try
        {
            for (var round = 1; round <= rounds; round++)
            {
                var text = await client.SendAsync(call.Method, call.Route, call.Body, cancellation);
                if (!json) console.WriteLine($"{DateTimeOffset.Now:HH:mm:ss}  {call.Method} {call.Route}");
                Print(text, json, command.Columns);
                if (round < rounds) await Task.Delay(PollInterval, cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
        return ExitCodes.Ok;
    }

    private async Task<int> SubmitAsync(CommandCall call, bool wait, bool json, CancellationToken cancellation)
    {
        var (text, location) = await client.ExchangeAsync(call.Method, call.Route, call.Body, cancellation);
        var task = ReadTask(text, call.Route);
        if (!wait)
        {
            if (json) await output.WriteLineAsync(text);
            else console.WriteLine($"task {task.Id} {task.State} (follow it with: ftr tasks show {task.Id})");
            return ExitCodes.Ok;
        }

        // The node says where the task lives (Location); the client needs no route of its own to follow it.
        var route = location ?? throw new CliFailure(ExitCodes.Failed, $"the node accepted task {task.Id} but did not say where to follow it (no Location header)");
        var (final, finalText) = await FollowAsync(task.Id, route, json, cancellation);
        if (json) await output.WriteLineAsync(finalText);
        else
        {
            var node = JsonNode.Parse(finalText);
            JsonView.Render(console, node, null);
            ErrorBlock.TryWrite(console, node);
        }
        if (final.State is TaskStatus.Succeeded or TaskStatus.Degraded) return ExitCodes.Ok;
        var error = final.LastError is { } e ? $": {Names.Of(e.Category)} — {e.Message}" : "";
        throw new CliFailure(ExitCodes.Failed, $"task {task.Id} ended {final.State}{error} — try: ftr tasks show {task.Id}; ftr tasks retry {task.Id} after fixing the cause");
    }

    /// <summary>Polls the task until it ends; shows a live status line on a terminal, a line per change otherwise.</summary>
    private async Task<(TaskView Task, string Text)> FollowAsync(string id, string route, bool json, CancellationToken cancellation)
    {
        string? shown = null;
        async Task<(TaskView, string)> Poll(Action<string> status)
        {
            while (true)
            {
                var text = await client.SendAsync(HttpMethod.Get, route, null, cancellation);
                var task = ReadTask(text, route);
                var line = $"task {id}: {task.State}, attempt {task.Attempts}" + (task.Progress is { } p ? $", {p.Percent:0.#}%" : "") + (task.LastError is { } e ? $", last error: {Names.Of(e.Category)} {e.Message}" : "");
                if (line != shown)
                {
                    status(line);
                    shown = line;
                }
                if (task.State.IsTerminal()) return (task, text);
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellation);
            }
        }

        if (json) return await Poll(_ => { });
        if (console.Profile.Capabilities.Interactive)
            return await console.Status().StartAsync("submitted", ctx => Poll(line => ctx.Status(Markup.Escape(line))));
        return await Poll(line => console.WriteLine(line));
    }

    private static TaskView ReadTask(string text, string route)
    {
        try
        {
            return JsonSerializer.Deserialize<TaskView>(text, WireJson.Options) ?? throw new JsonException("empty answer");
        }
        catch (JsonException e)
        {
            throw new CliFailure(ExitCodes.Failed, $"the node answered {route} with something other than a task ({e.Message})");
        }
    }

    private async Task<int> MetricsAsync(CommandCall call, bool json, CancellationToken cancellation)
    {
        var rows = MetricsSummary.Parse(await client.SendAsync(call.Method, call.Route, null, cancellation));
        if (json) await output.WriteLineAsync(rows.ToJsonString());
        else JsonView.Render(console, rows, ["name", "labels", "value"]);
        return ExitCodes.Ok;
    }

    private void Print(string text, bool json, IReadOnlyList<string>? columns)
    {
        if (json)
        {
            output.WriteLine(text);
            return;
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            console.WriteLine(text);
            return;
        }
        JsonView.Render(console, node, columns);
        ProgressLine.TryWrite(console, node);
        ErrorBlock.TryWrite(console, node);
    }
}
