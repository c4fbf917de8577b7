using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace FaultTolerantRunner.Browser.Tests.Support;

/// <summary>
/// One headless Chromium per test class, driven through Debian's chromedriver (Selenium Manager is never asked for a
/// browser or a driver: both paths are given). Started on first use, so a class whose tests are skipped starts nothing.
/// Each test calls <see cref="Fresh"/> for a new tab: no session storage (the operator key), cookies or page left over.
/// </summary>
public sealed class BrowserFixture : IDisposable
{
    /// <summary>The viewport every screenshot has (the README's PNGs are taken at it).</summary>
    public const int Width = 1280, Height = 800;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private ChromeDriver? _driver;

    public ChromeDriver Driver => _driver ??= Start();

    public BrowserFixture() =>
        // A test host stopped by the hang timeout never disposes its fixtures: chromedriver and Chromium must not outlive it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();

    private static ChromeDriver Start()
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ExternalTool.ChromeDriver.Require())!, ExternalTool.ChromeDriver.Command);
        // A port from the tests' reserved range, not an ephemeral one another process may be handed meanwhile.
        service.Port = FreePort.Next();
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = ExternalTool.Chromium.Require() };
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start; /dev/shm is small in containers.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            $"--window-size={Width},{Height}", "--hide-scrollbars", "--no-first-run", "--disable-extensions");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
        return driver;
    }

    /// <summary>A new tab with the error collector installed; every other tab closed, cookies and the browser log cleared.</summary>
    public void Fresh()
    {
        var driver = Driver;
        var old = driver.WindowHandles.ToArray();
        driver.SwitchTo().NewWindow(WindowType.Tab);
        var fresh = driver.CurrentWindowHandle;
        foreach (var handle in old)
        {
            driver.SwitchTo().Window(handle);
            driver.Close();
        }
        driver.SwitchTo().Window(fresh);
        driver.Manage().Cookies.DeleteAllCookies();
        // The window size includes the (invisible) browser frame; the page itself gets exactly Width x Height.
        driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
            { ["width"] = Width, ["height"] = Height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        driver.ExecuteCdpCommand("Page.addScriptToEvaluateOnNewDocument", new Dictionary<string, object?> { ["source"] = ConsoleErrors.Collector });
        driver.Manage().Logs.GetLog(LogType.Browser); // drop what earlier tests left in the log
    }

    /// <summary>Loads <paramref name="url"/>, waits for its document and its <c>h1</c>, asserts no console error and saves a screenshot named <paramref name="shot"/>.</summary>
    public async Task OpenAsync(string url, string shot, params string[] allowedErrors)
    {
        Driver.Navigate().GoToUrl(url);
        try
        {
            await UntilAsync(d => (string)((IJavaScriptExecutor)d).ExecuteScript("return document.readyState")! == "complete"
                       && d.FindElements(By.CssSelector("h1")).Count > 0, $"{url} loaded with its h1");
        }
        catch (Xunit.Sdk.XunitException e)
        {
            var shown = Screenshots.Save(Driver, shot + "-failed");
            var text = Driver.FindElement(By.TagName("body")).Text;
            throw new Xunit.Sdk.XunitException($"{e.Message}\npage text: {text[..Math.Min(text.Length, 400)]}\nscreenshot: {shown}");
        }
        Screenshots.Save(Driver, shot);
        AssertNoConsoleErrors(allowedErrors);
    }

    /// <summary>Every error seen on the current page so far, from the collector and from the browser log (SEVERE).</summary>
    public IReadOnlyList<string> ConsoleErrorsSoFar()
    {
        var collected = ((IReadOnlyCollection<object>)Driver.ExecuteScript(ConsoleErrors.Read)!).Select(e => "page: " + e);
        var logged = Driver.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level == LogLevel.Severe).Select(e => "log: " + e.Message);
        return [.. collected, .. logged];
    }

    /// <summary>Fails naming every console error of the current page, except those containing one of <paramref name="allowed"/>.</summary>
    public void AssertNoConsoleErrors(params string[] allowed)
    {
        var errors = ConsoleErrorsSoFar().Where(e => !allowed.Any(a => e.Contains(a, StringComparison.Ordinal))).ToArray();
        Assert.True(errors.Length == 0, $"console errors on {Driver.Url}:\n{string.Join("\n", errors)}");
    }

    public Task<IWebElement> FindAsync(string css) => UntilAsync(d => d.FindElements(By.CssSelector(css)).FirstOrDefault(e => e.Displayed), $"'{css}' shown");

    public IReadOnlyCollection<IWebElement> All(string css) => Driver.FindElements(By.CssSelector(css));

    /// <summary>
    /// Clicks the first shown match of <paramref name="css"/>, found again on each try: a live region replaced between the
    /// find and the click leaves a stale element, which is retried rather than failing the test.
    /// </summary>
    public Task ClickAsync(string css) => UntilAsync(d =>
    {
        var element = d.FindElements(By.CssSelector(css)).FirstOrDefault(e => e.Displayed);
        if (element is null) return false;
        element.Click();
        return true;
    }, $"'{css}' clicked");

    /// <summary>An attribute (or, for null, the text) of every match, read in one script: no element outlives a live refresh.</summary>
    public IReadOnlyList<string?> Read(string css, string? attribute = null) =>
        ((IReadOnlyCollection<object?>)Driver.ExecuteScript(
            "return [...document.querySelectorAll(arguments[0])].map(e => arguments[1] ? e.getAttribute(arguments[1]) : e.textContent.trim());",
            css, attribute!)!).Select(v => v as string).ToList();

    public T Script<T>(string script, params object[] args) => (T)Driver.ExecuteScript(script, args)!;

    /// <summary>Polls the page until <paramref name="read"/> gives a value that is not null/false (page changes under it are retried).</summary>
    public async Task<T> UntilAsync<T>(Func<IWebDriver, T?> read, string what, TimeSpan? within = null)
    {
        var result = await Eventually.Until(() =>
        {
            try
            {
                return Task.FromResult(read(Driver));
            }
            catch (WebDriverException e) when (e is StaleElementReferenceException or NoSuchElementException)
            {
                return Task.FromResult(default(T));
            }
        }, v => v is not null && !Equals(v, false), within ?? Patience, what);
        return result!;
    }

    public void Dispose()
    {
        var driver = Interlocked.Exchange(ref _driver, null);
        driver?.Quit();
        driver?.Dispose();
    }
}
