using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Cli.Catalog;
using FaultTolerantRunner.Cli.Output;
using Spectre.Console;

namespace FaultTolerantRunner.Cli;

/// <summary>Runs one parsed command against the node, in the command's mode, and prints the answer (table or raw JSON).</summary>
public sealed class CommandRunner(NodeClient client, IAnsiConsole console, TextWriter output)
{
    private static readonly string[] FinalStates = ["Succeeded", "Degraded", "DeadLettered", "Failed", "Cancelled"];

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    public async Task<int> RunAsync(CommandModel command, IReadOnlyDictionary<string, object> values, ParseResult parse, CancellationToken cancellation)
    {
        var json = parse.GetValue(CommandTree.Json);
        var key = parse.GetValue(CommandTree.ApiKey);
        if (!string.IsNullOrEmpty(key)) client.UseApiKey(key);
        var call = CommandCall.From(command, values);
        try
        {
            return command.Mode switch
            {
                "Stream" => await StreamAsync(call, json, cancellation),
                "Poll" => await PollAsync(command, call, values, json, cancellation),
                "Submit" => await SubmitAsync(call, values.ContainsKey("wait"), json, cancellation),
                "Metrics" => await MetricsAsync(call, json, cancellation),
                _ => await RequestAsync(command, call, json, cancellation),
            };
        }
        catch (CliFailure failure) when (json && failure.Body is not null)
        {
            await output.WriteLineAsync(failure.Body);
            throw;
        }
    }

    private async Task<int> RequestAsync(CommandModel command, CommandCall call, bool json, CancellationToken cancellation)
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

    private async Task<int> PollAsync(CommandModel command, CommandCall call, IReadOnlyDictionary<string, object> values, bool json, CancellationToken cancellation)
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
        var text = await client.SendAsync(call.Method, call.Route, call.Body, cancellation);
        var task = JsonNode.Parse(text) as JsonObject ?? throw new CliFailure(ExitCodes.Failed, "the node accepted the task but did not answer with it");
        var id = (string?)task["id"] ?? "";
        if (!wait)
        {
            if (json) await output.WriteLineAsync(text);
            else console.WriteLine($"task {id} {task["state"]} (follow it with: ftr tasks show {id})");
            return ExitCodes.Ok;
        }

        var final = await FollowAsync(id, json, cancellation);
        var state = (string?)final["state"];
        if (json) await output.WriteLineAsync(final.ToJsonString());
        else JsonView.Render(console, final, null);
        if (state is "Succeeded" or "Degraded") return ExitCodes.Ok;
        var error = final["lastError"] is JsonObject e ? $": {e["category"]} — {e["message"]}" : "";
        throw new CliFailure(ExitCodes.Failed, $"task {id} ended {state}{error} — try: ftr tasks show {id}; ftr tasks retry {id} after fixing the cause");
    }

    /// <summary>Polls the task until it ends; shows a live status line on a terminal, a line per change otherwise.</summary>
    private async Task<JsonObject> FollowAsync(string id, bool json, CancellationToken cancellation)
    {
        var route = $"/api/tasks/{Uri.EscapeDataString(id)}";
        string? shown = null;
        async Task<JsonObject> Poll(Action<string> status)
        {
            while (true)
            {
                var task = JsonNode.Parse(await client.SendAsync(HttpMethod.Get, route, null, cancellation)) as JsonObject
                           ?? throw new CliFailure(ExitCodes.Failed, $"the node answered {route} with something other than a task");
                var state = (string?)task["state"] ?? "?";
                var line = $"task {id}: {state}, attempt {task["attempts"]}" + (task["lastError"] is JsonObject e ? $", last error: {e["category"]} {e["message"]}" : "");
                if (line != shown)
                {
                    status(line);
                    shown = line;
                }
                if (FinalStates.Contains(state)) return task;
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellation);
            }
        }

        if (json) return await Poll(_ => { });
        if (console.Profile.Capabilities.Interactive)
            return await console.Status().StartAsync("submitted", ctx => Poll(line => ctx.Status(Markup.Escape(line))));
        return await Poll(line => console.WriteLine(line));
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
    }
}
