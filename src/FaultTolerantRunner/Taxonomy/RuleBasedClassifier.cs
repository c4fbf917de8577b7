namespace FaultTolerantRunner.Taxonomy;

/// <summary>Classifies by the rule table: rules in descending priority (declaration order breaks ties), first match wins.</summary>
public sealed class RuleBasedClassifier : IErrorClassifier
{
    public const string UnmatchedRule = "unknown.unmatched";

    public RuleBasedClassifier(IEnumerable<ClassificationRule> rules)
    {
        Rules = rules.Select((rule, index) => (rule, index))
            .OrderByDescending(r => r.rule.Priority).ThenBy(r => r.index)
            .Select(r => r.rule).ToArray();
    }

    public static RuleBasedClassifier Default { get; } = new(DefaultRules.All);

    public IReadOnlyList<ClassificationRule> Rules { get; }

    public Classification Classify(ErrorFacts facts)
    {
        foreach (var rule in Rules)
        {
            if (!rule.Matches(facts)) continue;
            var directive = rule.Directive ?? CategoryDefaults.DirectiveOf(rule.Category);
            return new Classification(rule.Category, rule.Severity ?? CategoryDefaults.SeverityOf(rule.Category),
                rule.Retryable ?? directive == Directive.Restart, directive, rule.Id, rule.Advice);
        }
        return CategoryDefaults.For(ErrorCategory.Unknown, UnmatchedRule, "an unrecognised error: retried once, then dead-lettered; add a classification rule if it recurs");
    }

    public Classification Classify(Exception error) => Classify(ErrorFacts.From(error));
}
