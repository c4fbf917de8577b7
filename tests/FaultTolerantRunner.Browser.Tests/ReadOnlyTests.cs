using FaultTolerantRunner.Browser.Tests.Support;
using OpenQA.Selenium;

namespace FaultTolerantRunner.Browser.Tests;

/// <summary>A node that shows its dashboard read-only.</summary>
public sealed class ReadOnlyNodeFixture : NodeFixture
{
    protected override IEnumerable<string> ExtraArgs => ["--Dashboard:ReadOnly=true"];
}

/// <summary>Read-only mode in the browser: no page offers an action button or an action form.</summary>
public sealed class ReadOnlyTests(ReadOnlyNodeFixture node, BrowserFixture browser) : BrowserTest(browser), IClassFixture<ReadOnlyNodeFixture>, IClassFixture<BrowserFixture>
{
    [ToolFact(Dashboard.Chromium, Dashboard.ChromeDriver)]
    public async Task No_page_offers_an_action_in_read_only_mode()
    {
        // A dead-lettered task gives the pages rows that would carry requeue and purge buttons.
        var id = (string)(await node.SubmitAsync(new { tool = "flaky", parameters = new { failures = 9, category = "permanent" } }))["id"]!;
        await node.AwaitStateAsync(id, "DeadLettered");

        await Browser.OpenAsync(node.Url(), "read-only-overview");
        var pages = Browser.All("header nav a").Select(a => a.GetAttribute("href")!).Append(node.Url("/tasks/" + id)).ToArray();
        Assert.Equal(9, pages.Length); // the eight nav pages and a task's detail
        foreach (var page in pages)
        {
            await Browser.OpenAsync(page, "read-only-" + new Uri(page).AbsolutePath.Trim('/').Replace('/', '-'));
            Assert.Single(Browser.All("#read-only"));
            Assert.Empty(Browser.All("[data-ftr-action]"));
            Assert.Empty(Browser.All("form[data-ftr-form]"));
            Assert.Empty(Browser.All("#ftr-key-dialog, #ftr-confirm-dialog"));
        }
        // The same page on the DLQ lists the task: read-only hides actions, not data.
        await Browser.OpenAsync(node.Url("/dlq"), "read-only-dlq-listed");
        Assert.NotEmpty(Browser.Driver.FindElements(By.CssSelector($"tr[data-id='{id}']")));
    }
}
