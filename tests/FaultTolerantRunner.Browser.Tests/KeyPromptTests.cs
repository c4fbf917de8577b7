using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Browser.Tests.Support;
using OpenQA.Selenium;

namespace FaultTolerantRunner.Browser.Tests;

/// <summary>A node whose actions need the operator key (as every node beyond loopback must).</summary>
public sealed class KeyedNodeFixture : NodeFixture
{
    public const string Key = "browser-test-key-0123456"; // 24 characters

    protected override IEnumerable<string> ExtraArgs => [$"--Security:ApiKeys:0={Key}"];
}

/// <summary>Actions on a keyed node: refused without the key, a key prompt offered, a wrong key refused, the right one accepted.</summary>
public sealed class KeyPromptTests(KeyedNodeFixture node, BrowserFixture browser) : BrowserTest(browser), IClassFixture<KeyedNodeFixture>, IClassFixture<BrowserFixture>
{
    /// <summary>Chrome logs every refused fetch as a failed resource; those 401s are what this test provokes.</summary>
    private const string Refusal = "status of 401";

    [ToolFact(Dashboard.Chromium, Dashboard.ChromeDriver)]
    public async Task An_action_asks_for_the_key_refuses_a_wrong_one_and_succeeds_with_the_right_one_never_putting_it_in_the_url()
    {
        using var submit = new HttpRequestMessage(HttpMethod.Post, "/api/tasks") { Content = JsonContent.Create(new { tool = "sleep", parameters = new { ms = 600_000 } }) };
        submit.Headers.Add("X-Api-Key", KeyedNodeFixture.Key);
        var id = (string)(await (await node.Http.SendAsync(submit)).Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        await node.AwaitStateAsync(id, "Running");

        await Browser.OpenAsync(node.Url("/tasks/" + id), "key-task-running");
        Assert.Single(Browser.All("#key-button"));

        // No key yet: the API refuses and the page offers the key prompt; the task is untouched.
        await CancelAsync();
        await Browser.FindAsync("#ftr-key-dialog[open]");
        Screenshots.Save(Browser.Driver, "key-prompt");
        Assert.Equal("Running", await StateAsync(id));

        // A wrong key: refused again (the prompt says why); given up, the refusal is shown in the alert.
        await EnterKeyAsync("wrong-key-wrong-key-0000");
        await Browser.UntilAsync(d => d.FindElement(By.Id("ftr-key-dialog")).GetAttribute("open") is not null
                                      && d.FindElement(By.Id("ftr-key-reason")).Text.Contains("not one of this node's Security:ApiKeys"),
            "the prompt naming the wrong key's refusal");
        Browser.Driver.FindElement(By.CssSelector("#ftr-key-form button[value=cancel]")).Click();
        var alert = await Browser.FindAsync("#ftr-alert");
        Assert.Contains("not one of this node's Security:ApiKeys", alert.Text);
        Screenshots.Save(Browser.Driver, "key-refused");
        Assert.Equal("Running", await StateAsync(id));

        // The right key: the action goes through.
        await CancelAsync();
        await Browser.FindAsync("#ftr-key-dialog[open]"); // the tab still holds the wrong key, so the API refuses it first
        await EnterKeyAsync(KeyedNodeFixture.Key);
        await node.AwaitStateAsync(id, "Cancelled");
        await Browser.UntilAsync(d => d.FindElement(By.CssSelector("#task-status .badge")).Text == "Cancelled", "the page showing Cancelled");
        Screenshots.Save(Browser.Driver, "key-accepted");

        Assert.DoesNotContain(KeyedNodeFixture.Key, Browser.Driver.Url);
        Assert.DoesNotContain("wrong-key", Browser.Driver.Url);
        Assert.DoesNotContain(KeyedNodeFixture.Key, Browser.Driver.PageSource);
        Browser.AssertNoConsoleErrors(Refusal);
    }

    private async Task CancelAsync()
    {
        await Browser.ClickAsync("#action-cancel");
        await ConfirmAsync();
    }

    private async Task EnterKeyAsync(string key)
    {
        var input = await Browser.FindAsync("#ftr-key-input");
        input.Clear();
        input.SendKeys(key);
        Browser.Driver.FindElement(By.CssSelector("#ftr-key-form button[value=ok]")).Click();
        Assert.DoesNotContain(key, Browser.Driver.Url);
    }

    private async Task<string?> StateAsync(string id) => (string?)(await node.Http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"))!["state"];
}
