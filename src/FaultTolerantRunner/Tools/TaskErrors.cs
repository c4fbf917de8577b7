using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tools;

/// <summary>Turns an exception and its classification into the error a task journals and users read.</summary>
public static class TaskErrors
{
    public static TaskError Describe(Exception error, Classification classification, string tool)
    {
        var root = error is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : error;
        return new TaskError(
            root.GetType().FullName ?? root.GetType().Name,
            root.Message,
            classification.Category,
            classification.Severity,
            classification.Rule,
            Details(root),
            classification.Directive,
            Fingerprint.Of(tool, classification.Category, root.Message),
            classification.Advice ?? CategoryGuidance.For(classification.Category).Actions[0]);
    }

    private static string Details(Exception error)
    {
        var chain = new List<string>();
        for (var e = error.InnerException; e is not null && chain.Count < 5; e = e.InnerException)
            chain.Add($"{e.GetType().Name}: {e.Message}");
        var details = chain.Count == 0 ? "" : "caused by " + string.Join(" <- ", chain) + "\n";
        var text = details + (error.StackTrace ?? "");
        return text.Length > 4000 ? text[..4000] : text;
    }
}
