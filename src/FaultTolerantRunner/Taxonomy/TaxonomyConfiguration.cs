using System.Globalization;
using System.Text.RegularExpressions;
using FaultTolerantRunner.Hosting;
using Microsoft.Extensions.Configuration;

namespace FaultTolerantRunner.Taxonomy;

/// <summary>
/// Reads <c>Taxonomy:Rules:&lt;id&gt;</c>: a rule with a default's id replaces it (unset fields are inherited),
/// a new id adds a rule. Bad regexes, unknown categories and numbers fail at start with the key named.
/// </summary>
public static class TaxonomyConfiguration
{
    public static IReadOnlyList<ClassificationRule> Load(IConfiguration configuration, IReadOnlyList<ClassificationRule> defaults)
    {
        var rules = defaults.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var order = defaults.Select(r => r.Id).ToList();
        foreach (var section in configuration.GetSection("Taxonomy:Rules").GetChildren())
        {
            var key = $"Taxonomy:Rules:{section.Key}";
            var baseRule = rules.GetValueOrDefault(section.Key);
            var category = Enum<ErrorCategory>(section, "Category", key) ?? baseRule?.Category
                           ?? throw new RunnerConfigurationException($"{key}:Category", $"is required for a new rule; one of {string.Join(", ", System.Enum.GetNames<ErrorCategory>())}");
            var rule = (baseRule ?? new ClassificationRule { Id = section.Key, Priority = 500, Category = category }) with
            {
                Category = category,
                Priority = Int(section, "Priority", key) ?? baseRule?.Priority ?? 500,
                Severity = Enum<Severity>(section, "Severity", key) ?? baseRule?.Severity,
                Directive = Enum<Directive>(section, "Directive", key) ?? baseRule?.Directive,
                Retryable = Bool(section, "Retryable", key) ?? baseRule?.Retryable,
                ExceptionTypes = Strings(section, "ExceptionTypes") ?? baseRule?.ExceptionTypes ?? [],
                Message = Regex(section, "Message", key) ?? baseRule?.Message,
                Stderr = Regex(section, "Stderr", key) ?? baseRule?.Stderr,
                HttpStatuses = Ints(section, "HttpStatuses", key) ?? baseRule?.HttpStatuses ?? [],
                SocketErrors = Ints(section, "SocketErrors", key) ?? baseRule?.SocketErrors ?? [],
                ExitCodes = Ints(section, "ExitCodes", key) ?? baseRule?.ExitCodes ?? [],
                Advice = section["Advice"] ?? baseRule?.Advice,
            };
            if (rule.ExceptionTypes.Count == 0 && rule.Message is null && rule.Stderr is null && rule.HttpStatuses.Count == 0
                && rule.SocketErrors.Count == 0 && rule.ExitCodes.Count == 0)
                throw new RunnerConfigurationException(key, "matches everything; give it at least one of ExceptionTypes, Message, Stderr, HttpStatuses, SocketErrors, ExitCodes");
            if (!rules.ContainsKey(rule.Id)) order.Add(rule.Id);
            rules[rule.Id] = rule;
        }
        return order.Select(id => rules[id]).ToArray();
    }

    private static T? Enum<T>(IConfigurationSection section, string name, string key) where T : struct, Enum
    {
        var text = section[name];
        if (text is null) return null;
        return System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && !int.TryParse(text, out _)
            ? value
            : throw new RunnerConfigurationException($"{key}:{name}", $"must be one of {string.Join(", ", System.Enum.GetNames<T>()).ToLowerInvariant()} (got '{text}')");
    }

    private static int? Int(IConfigurationSection section, string name, string key)
    {
        var text = section[name];
        if (text is null) return null;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new RunnerConfigurationException($"{key}:{name}", $"must be a whole number (got '{text}')");
    }

    private static bool? Bool(IConfigurationSection section, string name, string key)
    {
        var text = section[name];
        if (text is null) return null;
        return bool.TryParse(text, out var value) ? value : throw new RunnerConfigurationException($"{key}:{name}", $"must be true or false (got '{text}')");
    }

    private static IReadOnlyList<string>? Strings(IConfigurationSection section, string name)
    {
        var child = section.GetSection(name);
        if (child.Value is { } joined) return joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var items = child.GetChildren().Select(c => c.Value).OfType<string>().ToArray();
        return items.Length == 0 ? null : items;
    }

    private static IReadOnlyList<int>? Ints(IConfigurationSection section, string name, string key) =>
        Strings(section, name)?.Select(text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new RunnerConfigurationException($"{key}:{name}", $"must list whole numbers (got '{text}')")).ToArray();

    private static Regex? Regex(IConfigurationSection section, string name, string key)
    {
        var text = section[name];
        if (text is null) return null;
        try
        {
            return ClassificationRule.Pattern(text);
        }
        catch (ArgumentException e)
        {
            throw new RunnerConfigurationException($"{key}:{name}", $"is not a valid regular expression: {e.Message}");
        }
    }
}
