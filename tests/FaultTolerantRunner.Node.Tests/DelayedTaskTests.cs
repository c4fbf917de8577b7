using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Node.Tests.Support;

namespace FaultTolerantRunner.Node.Tests;

/// <summary>Delayed tasks over HTTP: runAt / delaySeconds, Scheduled until due, the first attempt at the journaled due time.</summary>
public sealed class DelayedTaskTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task A_task_delayed_two_seconds_is_scheduled_then_starts_at_its_due_time_not_before()
    {
        var response = await node.Http.PostAsJsonAsync("/api/tasks", new { tool = "echo", parameters = new { text = "later" }, delaySeconds = 2 });
        var accepted = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("Scheduled", (string?)accepted["state"]);
        var id = (string)accepted["id"]!;
        var acceptedAt = DateTimeOffset.Parse((string)accepted["acceptedAt"]!);
        var due = DateTimeOffset.Parse((string)accepted["nextAttemptAt"]!);
        // The delay counts from the submission, a moment before the entity journals the acceptance.
        Assert.InRange(due - acceptedAt, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2));
        // The list is the task index, a read model that follows the journal.
        await Eventually.Until(() => node.Http.GetFromJsonAsync<JsonObject>("/api/tasks?state=Scheduled&limit=500"),
            l => l!["items"]!.AsArray().Any(t => (string?)t!["id"] == id), TimeSpan.FromSeconds(2), "the task listed as Scheduled");

        var done = await node.AwaitStateAsync(id, "Succeeded");
        var started = DateTimeOffset.Parse((string)done["attemptHistory"]!.AsArray().Single()!["startedAt"]!);
        Assert.True(started >= due, $"started {started:O} before its due time {due:O}");
        Assert.True(started - due < TimeSpan.FromSeconds(1), $"started {started:O}, more than 1 s after its due time {due:O}");
    }

    [Fact]
    public async Task A_run_at_in_the_past_runs_now_and_a_scheduled_task_can_be_cancelled()
    {
        var past = await node.SubmitAsync(new { tool = "echo", runAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("O") });
        var later = await node.SubmitAsync(new { tool = "echo", runAt = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:sszzz") });
        var id = (string)later["id"]!;

        var cancel = await node.Http.PostAsync($"/api/tasks/{id}/cancel", null);

        await node.AwaitStateAsync((string)past["id"]!, "Succeeded");
        Assert.Equal("Scheduled", (string?)later["state"]);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var cancelled = (await node.Http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"))!;
        Assert.Equal("Cancelled", (string?)cancelled["state"]);
        Assert.Empty(cancelled["attemptHistory"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"tool":"echo","runAt":"2030-01-01T00:00:00Z","delaySeconds":5}""", "invalid-delay", "not both")]
    [InlineData("""{"tool":"echo","delaySeconds":40000000}""", "invalid-delay-seconds", "Tasks:MaxDelay (365 days")]
    [InlineData("""{"tool":"echo","runAt":"2099-01-01T00:00:00Z"}""", "invalid-run-at", "Tasks:MaxDelay")]
    [InlineData("""{"tool":"echo","runAt":"2030-01-01T00:00:00"}""", "invalid-run-at", "with an offset")]
    [InlineData("""{"tool":"echo","runAt":"tomorrow"}""", "invalid-run-at", "ISO 8601")]
    [InlineData("""{"tool":"echo","delaySeconds":-1}""", "invalid-delay-seconds", "negative")]
    public async Task A_bad_delay_is_a_400_that_says_what_is_wrong(string body, string code, string says)
    {
        var response = await node.Http.PostAsync("/api/tasks", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await Problem.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (string?)problem["code"]);
        Assert.Contains(says, (string?)problem["message"]);
    }
}
