using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Browser.Tests.Support;

namespace FaultTolerantRunner.Browser.Tests;

/// <summary>The breakers page in the browser: trip and reset clicked there change the breaker the API reports.</summary>
public sealed class BreakersPageTests(NodeFixture node, BrowserFixture browser) : BrowserTest(browser), IClassFixture<NodeFixture>, IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private FaultyService _service = null!;

    public async Task InitializeAsync() => _service = await FaultyService.StartAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [ToolFact(Dashboard.Chromium, Dashboard.ChromeDriver)]
    public async Task Trip_then_reset_from_the_breakers_page_opens_then_closes_the_breaker_for_the_api()
    {
        // One successful guarded call makes the breaker exist (Closed), so the page lists it.
        var service = "svc-" + Guid.NewGuid().ToString("N")[..8];
        var task = await node.SubmitAsync(new { tool = "http", parameters = new { url = _service.Url + "/ok", service } });
        await node.AwaitStateAsync((string)task["id"]!, "Succeeded");
        Assert.Equal("Closed", (string?)(await Breaker(service))["state"]);

        await Browser.OpenAsync(node.Url("/breakers"), "breakers-closed");
        await Browser.ClickAsync($"tr[data-id='{service}'] button.trip");
        await ConfirmAsync();
        var open = await Eventually.Until(() => Breaker(service), b => (string?)b["state"] == "Open", TimeSpan.FromSeconds(10), "the breaker open for the API");
        Assert.True((bool)open["forced"]!, "a trip by hand is a forced open");
        await Browser.UntilAsync(d => d.FindElement(OpenQA.Selenium.By.CssSelector($"tr[data-id='{service}'] td.state")).Text.Contains("Open"), "the row showing Open");
        Screenshots.Save(Browser.Driver, "breakers-tripped");

        await Browser.ClickAsync($"tr[data-id='{service}'] button.reset");
        await ConfirmAsync();
        var closed = await Eventually.Until(() => Breaker(service), b => (string?)b["state"] == "Closed", TimeSpan.FromSeconds(10), "the breaker closed for the API");
        Assert.False((bool)closed["forced"]!);
        await Browser.UntilAsync(d => d.FindElement(OpenQA.Selenium.By.CssSelector($"tr[data-id='{service}'] td.state")).Text.Contains("Closed"), "the row showing Closed");
        Screenshots.Save(Browser.Driver, "breakers-reset");
        Browser.AssertNoConsoleErrors();
    }

    private async Task<JsonObject> Breaker(string service) => (await node.Http.GetFromJsonAsync<JsonObject>($"/api/breakers/{service}"))!;
}
