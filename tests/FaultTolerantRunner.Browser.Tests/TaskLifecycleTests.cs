using FaultTolerantRunner.Browser.Tests.Support;
using OpenQA.Selenium;

namespace FaultTolerantRunner.Browser.Tests;

/// <summary>A task submitted through the API, followed in the browser from the tasks list to its detail while it runs.</summary>
public sealed class TaskLifecycleTests(NodeFixture node, BrowserFixture browser) : BrowserTest(browser), IClassFixture<NodeFixture>, IClassFixture<BrowserFixture>
{
    [ToolFact(Dashboard.Chromium, Dashboard.ChromeDriver)]
    public async Task A_submitted_task_is_listed_and_its_timeline_fills_in_live_until_it_succeeds()
    {
        // Long enough that the detail page is open before the attempt ends, short enough for a test.
        var id = (string)(await node.SubmitAsync(new { tool = "sleep", parameters = new { ms = 6000 } }))["id"]!;

        await Browser.OpenAsync(node.Url("/tasks"), "lifecycle-tasks");
        await Browser.ClickAsync($"tr[data-id='{id}'] a[href*='{id}']");
        await Browser.UntilAsync(d => d.Url.EndsWith("/dashboard/tasks/" + id, StringComparison.Ordinal) && d.FindElements(By.Id("timeline")).Count > 0,
            "the task's detail page");
        Screenshots.Save(Browser.Driver, "lifecycle-task-running");
        Browser.AssertNoConsoleErrors();

        Browser.Script<object?>("window.__ftrMarker = 'no reload';");
        var first = Browser.Read("#timeline li", "data-event").Count;
        var firstState = Browser.Read("#task-status .badge").Single();
        Assert.NotEqual("Succeeded", firstState);

        await Browser.UntilAsync(_ => Browser.Read("#task-status .badge").SingleOrDefault() == "Succeeded", "the state badge reading Succeeded",
            TimeSpan.FromSeconds(40));
        var events = Browser.Read("#timeline li", "data-event").ToArray();
        Assert.True(events.Length > first, $"the timeline grew from {first} entries while the page was open (now: {string.Join(", ", events)})");
        Assert.Equal("no reload", Browser.Script<string?>("return window.__ftrMarker || null;"));
        Screenshots.Save(Browser.Driver, "lifecycle-task-succeeded"); // the README's task-detail.png
        Browser.AssertNoConsoleErrors();

        await Browser.OpenAsync(node.Url(), "lifecycle-overview"); // the README's overview.png
        // The overview reads the task index, which follows the journal a moment behind the task itself.
        await Browser.UntilAsync(_ => Browser.Read("#count-unfinished").SingleOrDefault() == "0", "the overview counting no unfinished task");
    }
}
