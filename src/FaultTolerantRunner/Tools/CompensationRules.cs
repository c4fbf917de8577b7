using System.Text.RegularExpressions;

namespace FaultTolerantRunner.Tools;

/// <summary>What a compensation's name and data may be: they are journaled and shown in the task view.</summary>
public static partial class CompensationRules
{
    public const int MaxNameLength = 64;

    /// <summary>The data is journaled with the task: a key or a small document, not a payload.</summary>
    public const int MaxDataLength = 16 * 1024;

    /// <summary>A label: a letter or digit, then letters, digits, '.', '_' or '-'.</summary>
    public const string NamePattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

    public static void Validate(string name, string? data)
    {
        if (string.IsNullOrEmpty(name) || !Label().IsMatch(name))
            throw new ArgumentException($"compensation name '{name}' is not a label ({NamePattern}: a letter or digit, then up to {MaxNameLength - 1} letters, digits, '.', '_' or '-')", nameof(name));
        if (data is { Length: > MaxDataLength })
            throw new ArgumentException($"compensation '{name}': data is {data.Length} characters, more than {MaxDataLength}; journal a key and keep the payload elsewhere", nameof(data));
    }

    [GeneratedRegex(NamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex Label();
}
