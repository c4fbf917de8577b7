using System.Text.Json.Nodes;
using FaultTolerantRunner.Hosting;

namespace FaultTolerantRunner.Tools.Processes;

/// <summary>Turns <c>Tools:Process:&lt;name&gt;</c> settings into tools, rejecting bad settings with the key named.</summary>
public static class ProcessToolFactory
{
    public static ProcessTool Create(string name, ProcessToolOptions options)
    {
        var prefix = $"Tools:Process:{name}";
        if (string.IsNullOrWhiteSpace(options.Command))
            throw new RunnerConfigurationException($"{prefix}:Command", "must name the executable to run, e.g. /usr/bin/convert");
        if (options.TimeoutSeconds is <= 0)
            throw new RunnerConfigurationException($"{prefix}:TimeoutSeconds", $"must be a positive number of seconds (got {options.TimeoutSeconds})");

        var parameters = new List<ToolParameter>();
        foreach (var (parameterName, p) in options.Parameters)
        {
            if (!Enum.TryParse<ParameterType>(p.Type, ignoreCase: true, out var type) && !string.Equals(p.Type, "file-path", StringComparison.OrdinalIgnoreCase))
                throw new RunnerConfigurationException($"{prefix}:Parameters:{parameterName}:Type",
                    $"must be one of {string.Join(", ", Enum.GetNames<ParameterType>())} (got '{p.Type}')");
            if (string.Equals(p.Type, "file-path", StringComparison.OrdinalIgnoreCase)) type = ParameterType.FilePath;
            parameters.Add(new ToolParameter(parameterName, type, p.Required,
                p.Default is null ? null : JsonValue.Create(p.Default), p.Description, p.Example, p.AllowedValues));
        }

        foreach (var template in options.Arguments)
        {
            foreach (var placeholder in Placeholders(template))
            {
                if (!options.Parameters.ContainsKey(placeholder))
                    throw new RunnerConfigurationException($"{prefix}:Arguments",
                        $"uses '{{{placeholder}}}' but declares no parameter '{placeholder}' under {prefix}:Parameters");
            }
        }

        return new ProcessTool(name, options, parameters);
    }

    private static IEnumerable<string> Placeholders(string template)
    {
        var start = template.IndexOf('{');
        while (start >= 0)
        {
            var end = template.IndexOf('}', start + 1);
            if (end < 0) yield break;
            yield return template[(start + 1)..end];
            start = template.IndexOf('{', end + 1);
        }
    }
}
