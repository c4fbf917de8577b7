namespace FaultTolerantRunner.Browser.Tests.Support;

/// <summary>
/// The collector injected before any page script runs (CDP <c>Page.addScriptToEvaluateOnNewDocument</c>): uncaught
/// errors, unhandled rejections, resources that failed to load and CSP violations, kept in <c>window.__ftrErrors</c>.
/// The browser log adds what a script cannot see (Chrome's own "Failed to load resource" and "Refused to ..." lines).
/// </summary>
public static class ConsoleErrors
{
    public const string Collector = """
        (() => {
          const errors = [];
          Object.defineProperty(window, "__ftrErrors", { value: errors });
          window.addEventListener("error", e => {
            const t = e.target;
            if (t && t !== window && (t.src || t.href)) errors.push("failed to load " + (t.src || t.href));
            else errors.push("uncaught " + (e.message || String(e.error)));
          }, true);
          window.addEventListener("unhandledrejection", e => errors.push("unhandled rejection " + ((e.reason && e.reason.message) || e.reason)));
          document.addEventListener("securitypolicyviolation", e => errors.push("CSP " + e.violatedDirective + " blocked " + e.blockedURI));
        })();
        """;

    /// <summary>Reads the collector's list on the current page (empty when the collector did not run: that is itself reported).</summary>
    public const string Read = "return window.__ftrErrors ? window.__ftrErrors.slice() : ['the error collector did not run on this page'];";
}
