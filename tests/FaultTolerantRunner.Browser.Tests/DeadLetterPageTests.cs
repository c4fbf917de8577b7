using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Browser.Tests.Support;
using OpenQA.Selenium;

namespace FaultTolerantRunner.Browser.Tests;

/// <summary>The dead-letter queue page in the browser: a requeue clicked and confirmed there runs the task again.</summary>
public sealed class DeadLetterPageTests(NodeFixture node, BrowserFixture browser) : BrowserTest(browser), IClassFixture<NodeFixture>, IClassFixture<BrowserFixture>
{
    [ToolFact(Dashboard.Chromium, Dashboard.ChromeDriver)]
    public async Task Requeue_clicked_and_confirmed_on_the_dlq_page_runs_the_task_again()
    {
        // A permanent failure dead-letters after one attempt; the second attempt succeeds.
        var id = (string)(await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 1, category = "permanent" } }))["id"]!;
        var dead = await node.AwaitStateAsync(id, "DeadLettered");
        Assert.Equal(1, (int)dead["attempts"]!);

        await Browser.OpenAsync(node.Url("/dlq"), "dlq-with-entry");
        await Browser.ClickAsync($"tr[data-id='{id}'] button.requeue");
        var question = await ConfirmAsync();
        Assert.Contains(id, question);

        var again = await node.AwaitTaskAsync(id, t => (int)t["attempts"]! == 2 && (string?)t["state"] == "Succeeded", "the requeued task run again",
            TimeSpan.FromSeconds(30));
        Assert.Contains(again["history"]!.AsArray(), h => (string?)h!["event"] == "requeued");
        await Browser.UntilAsync(d => d.FindElements(By.CssSelector($"tr[data-id='{id}']")).Count == 0, "the row gone from the queue page");
        Screenshots.Save(Browser.Driver, "dlq-after-requeue");
        Browser.AssertNoConsoleErrors();
        var queue = (await node.Http.GetFromJsonAsync<JsonObject>("/api/dlq"))!;
        Assert.DoesNotContain(queue["items"]!.AsArray(), i => (string?)i!["id"] == id);
    }
}
