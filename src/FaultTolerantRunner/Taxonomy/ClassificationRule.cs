using System.Text.RegularExpressions;

namespace FaultTolerantRunner.Taxonomy;

/// <summary>
/// One row of the taxonomy table. Every condition that is set must hold (AND); within a condition any listed
/// value may match (OR). Type and message conditions must hold on the same exception of the chain.
/// Higher <see cref="Priority"/> is tried first; the first matching rule wins.
/// </summary>
public sealed record ClassificationRule
{
    public required string Id { get; init; }

    public required int Priority { get; init; }

    public required ErrorCategory Category { get; init; }

    /// <summary>Overrides the category's default severity.</summary>
    public Severity? Severity { get; init; }

    public Directive? Directive { get; init; }

    public bool? Retryable { get; init; }

    /// <summary>Exception type names, full or short; base types match too (<c>IOException</c> matches <c>FileNotFoundException</c>).</summary>
    public IReadOnlyList<string> ExceptionTypes { get; init; } = [];

    /// <summary>Matched against each exception message of the chain and against stderr.</summary>
    public Regex? Message { get; init; }

    public IReadOnlyList<int> HttpStatuses { get; init; } = [];

    public IReadOnlyList<int> SocketErrors { get; init; } = [];

    public IReadOnlyList<int> ExitCodes { get; init; } = [];

    public Regex? Stderr { get; init; }

    /// <summary>A sentence telling the user what to do about errors this rule matches.</summary>
    public string? Advice { get; init; }

    /// <summary>Never throws: a pattern that cannot be evaluated in time simply does not match (classification must not fail).</summary>
    public bool Matches(ErrorFacts facts)
    {
        try
        {
            return MatchesUnguarded(facts);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private bool MatchesUnguarded(ErrorFacts facts)
    {
        if (HttpStatuses.Count > 0 && (facts.HttpStatus is not { } status || !HttpStatuses.Contains(status))) return false;
        if (SocketErrors.Count > 0 && (facts.SocketError is not { } socket || !SocketErrors.Contains(socket))) return false;
        if (ExitCodes.Count > 0 && (facts.ExitCode is not { } exit || !ExitCodes.Contains(exit))) return false;
        if (Stderr is not null && (facts.Stderr is not { } stderr || !Stderr.IsMatch(stderr))) return false;
        if (ExceptionTypes.Count == 0 && Message is null) return true;

        foreach (var layer in facts.Chain)
        {
            if (ExceptionTypes.Count > 0 && !ExceptionTypes.Any(layer.Is)) continue;
            if (Message is not null && !Message.IsMatch(layer.Message)) continue;
            return true;
        }
        // A message rule also reads a process's stderr, where tools say what went wrong.
        return ExceptionTypes.Count == 0 && Message is not null && facts.Stderr is { } text && Message.IsMatch(text);
    }

    /// <summary>Rule patterns run on the non-backtracking engine: linear time in the input, so no message can stall a classification.</summary>
    public static Regex Pattern(string pattern) =>
        new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromSeconds(1));
}
