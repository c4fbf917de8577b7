using FaultTolerantRunner.Browser.Tests.Support;
using OpenQA.Selenium;

namespace FaultTolerantRunner.Browser.Tests;

/// <summary>Every page the navigation offers, in a real browser: it loads without console errors, with one heading, its link marked current.</summary>
public sealed class PagesTests(NodeFixture node, BrowserFixture browser) : BrowserTest(browser), IClassFixture<NodeFixture>, IClassFixture<BrowserFixture>
{
    [ToolFact(Dashboard.Chromium, Dashboard.ChromeDriver)]
    public async Task Every_page_in_the_nav_loads_without_console_errors_with_one_heading_and_its_link_marked_current()
    {
        await Browser.OpenAsync(node.Url(), "pages-overview");
        var links = Browser.All("header nav a").Select(a => (Text: a.Text, Href: a.GetAttribute("href")!)).ToArray();
        Assert.Equal(["Overview", "Tasks", "Dead letters", "Schedules", "Breakers", "Recovery & errors", "Cluster", "Chaos"], links.Select(l => l.Text));

        foreach (var (text, href) in links)
        {
            await Browser.OpenAsync(href, "pages-" + (new Uri(href).AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault() ?? "overview"));
            var heading = Assert.Single(Browser.All("h1"));
            Assert.False(string.IsNullOrWhiteSpace(heading.Text), $"{href}: the h1 is empty");
            var current = Assert.Single(Browser.All("header nav a[aria-current=page]"));
            Assert.Equal(href, current.GetAttribute("href"));
            Assert.Contains("active", current.GetAttribute("class") ?? "");
            Assert.Equal(text, current.Text);
        }
    }

    [ToolFact(Dashboard.Chromium, Dashboard.ChromeDriver)]
    public async Task The_overview_refreshes_its_live_region_without_reloading_the_page()
    {
        await Browser.OpenAsync(node.Url(), "pages-overview-live");
        Browser.Script<object?>("window.__ftrMarker = 'kept'; document.querySelector('[data-live]').setAttribute('data-probe', 'old');");
        // htmx swaps the region with a freshly rendered one (outerHTML), which drops the attribute; the page itself stays.
        await Browser.UntilAsync(d => d.FindElement(By.CssSelector("[data-live]")).GetAttribute("data-probe") is null, "the live region swapped");
        Assert.Equal("kept", Browser.Script<string>("return window.__ftrMarker;"));
        Browser.AssertNoConsoleErrors();
    }
}
