using OpenQA.Selenium;

namespace FaultTolerantRunner.Browser.Tests.Support;

/// <summary>Where every visited page's PNG goes: <c>$FTR_TEST_ARTIFACTS/screenshots</c>, else <c>TestResults/screenshots</c> beside the tests.</summary>
public static class Screenshots
{
    public const string Variable = "FTR_TEST_ARTIFACTS";

    public static string Directory { get; } = System.IO.Directory.CreateDirectory(
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } artifacts
            ? Path.Combine(artifacts, "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots")).FullName;

    public static string Save(IWebDriver driver, string name)
    {
        var safe = string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-'));
        var path = Path.Combine(Directory, safe + ".png");
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(path);
        return path;
    }
}
