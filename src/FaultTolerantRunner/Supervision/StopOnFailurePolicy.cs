using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Supervision;

/// <summary>Records the classified error and ends the task: no retries. The default until a retry policy is configured.</summary>
public sealed class StopOnFailurePolicy(IErrorClassifier classifier) : IFailurePolicy
{
    public FailureVerdict Judge(Exception error, string tool, int attempt) =>
        new(Describe(error, classifier.Classify(error)), Retry: false);

    public static TaskError Describe(Exception error, Classification classification)
    {
        var root = error is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : error;
        return new TaskError(
            root.GetType().FullName ?? root.GetType().Name,
            root.Message,
            Names.Of(classification.Category),
            Names.Of(classification.Severity),
            classification.Rule,
            Details(root));
    }

    private static string Details(Exception error)
    {
        var chain = new List<string>();
        for (var e = error.InnerException; e is not null && chain.Count < 5; e = e.InnerException)
            chain.Add($"{e.GetType().Name}: {e.Message}");
        var details = chain.Count == 0 ? "" : "caused by " + string.Join(" <- ", chain) + "\n";
        var stack = error.StackTrace ?? "";
        return (details + stack).Length > 4000 ? (details + stack)[..4000] : details + stack;
    }
}
