using System.Text.Json.Nodes;
using FaultTolerantRunner.Tasks;

namespace FaultTolerantRunner.Schedules;

/// <summary>A schedule's tasks through <see cref="TaskClient"/>: the same validation, intake gate and durable accept as any submission.</summary>
public sealed class ScheduleTasks(TaskClient client) : IScheduleTasks
{
    public async Task<string> SubmitAsync(ScheduleSpec spec, string idempotencyKey, CancellationToken cancellation = default)
    {
        var submitted = await client.SubmitAsync(spec.Tool, JsonNode.Parse(spec.Parameters) as JsonObject, idempotencyKey, null, cancellation).ConfigureAwait(false);
        return submitted.Task.Id;
    }

    public async Task<bool> IsFinishedAsync(string taskId, CancellationToken cancellation = default) =>
        await client.GetAsync(taskId, cancellation).ConfigureAwait(false) is not { } task || task.IsTerminal;
}
