using System.Diagnostics;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Tasks;

namespace FaultTolerantRunner.LoadGen;

/// <summary>Submits tasks through <see cref="TaskClient"/> (the embedder API) and waits for every one to reach Succeeded.</summary>
public static class FtrLoad
{
    /// <summary>
    /// Closed loop: <paramref name="concurrency"/> submitters, each submitting its next task as soon as the previous one
    /// is journaled, until <paramref name="tasks"/> are submitted; then waits for all to succeed (bounded).
    /// </summary>
    public static async Task<(CompletionLog Log, TimeSpan Elapsed, bool AllDone)> RunAsync(FtrCompletions completions,
        IReadOnlyList<TaskClient> clients, int tasks, int concurrency, Func<int, (string Tool, JsonObject Parameters)> work, TimeSpan limit)
    {
        var log = new CompletionLog();
        completions.Into(log);
        var next = -1;
        var watch = Stopwatch.StartNew();
        var submitters = Enumerable.Range(0, concurrency).Select(s => Task.Run(async () =>
        {
            var client = clients[s % clients.Count];
            int i;
            while ((i = Interlocked.Increment(ref next)) < tasks && watch.Elapsed < limit)
                await SubmitOneAsync(client, log, work(i));
        })).ToArray();
        await Task.WhenAll(submitters);
        var allDone = await log.WaitForAsync(log.SubmittedCount, limit - watch.Elapsed);
        return (log, log.Span(), allDone);
    }

    /// <summary>Open loop at a fixed rate (tasks/s), for latency at a given load rather than at saturation.</summary>
    public static async Task<(CompletionLog Log, TimeSpan Elapsed, bool AllDone)> RunPacedAsync(FtrCompletions completions,
        IReadOnlyList<TaskClient> clients, int tasks, double ratePerSecond, Func<int, (string Tool, JsonObject Parameters)> work, TimeSpan limit)
    {
        var log = new CompletionLog();
        completions.Into(log);
        var watch = Stopwatch.StartNew();
        var inFlight = new List<Task>(tasks);
        for (var i = 0; i < tasks && watch.Elapsed < limit; i++)
        {
            var due = TimeSpan.FromSeconds(i / ratePerSecond);
            if (due > watch.Elapsed) await Task.Delay(due - watch.Elapsed);
            inFlight.Add(SubmitOneAsync(clients[i % clients.Count], log, work(i)));
        }
        await Task.WhenAll(inFlight);
        var allDone = await log.WaitForAsync(log.SubmittedCount, limit - watch.Elapsed);
        return (log, log.Span(), allDone);
    }

    private static async Task SubmitOneAsync(TaskClient client, CompletionLog log, (string Tool, JsonObject Parameters) work)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var submitted = await client.SubmitAsync(work.Tool, work.Parameters, idempotencyKey: null, timeoutSeconds: null);
            log.Submitted(submitted.Task.Id, started);
        }
        catch (Problems.FtrProblemException e)
        {
            // Shed or not confirmed in time: counted as rejected, never waited for.
            log.Rejected(e.Problem.Code);
        }
    }

    /// <summary>echo for a succeeding task; flaky (transient, fails <c>failures</c> times) for every task picked by the failure rate.</summary>
    /// <remarks>
    /// Parameters are parsed from JSON text, as the HTTP API receives them: the validator rejects a JsonObject built from CLR
    /// numbers (<c>new JsonObject { ["failures"] = 1 }</c> → "must be an integer; got 1").
    /// </remarks>
    public static Func<int, (string Tool, JsonObject Parameters)> Work(int failurePercent, int failures = 1) => i =>
        Failing(i, failurePercent)
            ? ("flaky", Parameters($$"""{"failures": {{failures}}, "category": "transient"}"""))
            : ("echo", Parameters("""{"text": "x"}"""));

    public static JsonObject Parameters(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>Spreads failing tasks evenly: task i fails when i mod 100 is below the percentage.</summary>
    public static bool Failing(int i, int failurePercent) => i % 100 < failurePercent;
}
