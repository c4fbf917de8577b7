using FaultTolerantRunner.Problems;

namespace FaultTolerantRunner.Tasks;

/// <summary>A submission's continuation fields, checked: the predecessors (<c>after</c>) and what each must reach (<c>afterCondition</c>).</summary>
public sealed record TaskAfter(IReadOnlyList<string>? Predecessors = null, string? Condition = null)
{
    public const int MaxPredecessors = 1000;

    public static readonly TaskAfter None = new();

    private const string Hint = "use e.g. \"after\": [\"<task id>\"], \"afterCondition\": \"finished\"; omit both to run without waiting";

    /// <summary>The checked predecessors and condition for the task <paramref name="taskId"/> (both null: it waits for none).</summary>
    public (IReadOnlyList<string>? After, AfterCondition? Condition) Check(string taskId)
    {
        AfterCondition? condition = Condition switch
        {
            null => null,
            _ when string.Equals(Condition, "succeeded", StringComparison.OrdinalIgnoreCase) => AfterCondition.Succeeded,
            _ when string.Equals(Condition, "finished", StringComparison.OrdinalIgnoreCase) => AfterCondition.Finished,
            _ => throw Invalid("invalid-after-condition", $"afterCondition must be succeeded or finished (got '{Condition}')"),
        };
        if (Predecessors is null)
            return condition is null ? (null, null) : throw Invalid("invalid-after-condition", "afterCondition is only allowed together with after");
        if (Predecessors.Count is 0 or > MaxPredecessors)
            throw Invalid("invalid-after", $"after must list 1 to {MaxPredecessors} task ids (got {Predecessors.Count})");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in Predecessors)
        {
            if (id is null || !TaskIds.IsValid(id)) throw Invalid("invalid-after", $"after: '{id}' is not a task id (32 hex characters)");
            if (id == taskId) throw Invalid("invalid-after", $"after: '{id}' is this task's own id; a task cannot wait for itself");
            if (!seen.Add(id)) throw Invalid("invalid-after", $"after: '{id}' is listed twice; the ids must be distinct");
        }
        return (Predecessors.ToArray(), condition);
    }

    private static FtrProblemException Invalid(string code, string message) => new(FtrProblem.Validation(code, message, null, Hint));
}
