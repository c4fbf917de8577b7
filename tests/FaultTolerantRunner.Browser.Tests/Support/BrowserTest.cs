namespace FaultTolerantRunner.Browser.Tests.Support;

/// <summary>A browser test: its class shares one browser, and each test starts in a fresh tab.</summary>
public abstract class BrowserTest
{
    protected BrowserTest(BrowserFixture browser)
    {
        Browser = browser;
        browser.Fresh();
    }

    protected BrowserFixture Browser { get; }

    /// <summary>Clicks the confirmation dialog's OK after checking it opened with a text.</summary>
    protected async Task<string> ConfirmAsync()
    {
        await Browser.FindAsync("#ftr-confirm-dialog[open]");
        var text = (await Browser.FindAsync("#ftr-confirm-text")).Text;
        Assert.False(string.IsNullOrWhiteSpace(text), "the confirmation dialog has no text");
        (await Browser.FindAsync("#ftr-confirm-ok")).Click();
        return text;
    }
}
