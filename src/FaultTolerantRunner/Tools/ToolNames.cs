using FaultTolerantRunner.Hosting;

namespace FaultTolerantRunner.Tools;

/// <summary>Tool names are kebab-case words so that they work unquoted in URLs and on the command line.</summary>
public static class ToolNames
{
    public static void Check(string name, string key)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64 || !name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_')
            || !char.IsAsciiLetterLower(name[0]))
            throw new RunnerConfigurationException(key, $"tool name '{name}' must start with a lower-case letter and use only a-z, 0-9, '-' and '_' (at most 64 characters)");
    }
}
