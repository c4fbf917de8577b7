using System.Text.RegularExpressions;
using FaultTolerantRunner.Hosting;

namespace FaultTolerantRunner.Commands;

/// <summary>All palettes a node serves: the built-in ones and those embedders add; names are checked at start.</summary>
public sealed partial class CommandCatalog
{
    public CommandCatalog(IEnumerable<CommandPalette> palettes)
    {
        var byName = new SortedDictionary<string, CommandPalette>(StringComparer.Ordinal);
        foreach (var palette in palettes)
        {
            var key = $"WithCommandPalette(\"{palette.Name}\")";
            Check(palette.Name, key);
            if (!byName.TryAdd(palette.Name, palette))
                throw new RunnerConfigurationException(key, $"defines palette '{palette.Name}', but a palette of that name is already registered");
            var commands = new HashSet<string>(StringComparer.Ordinal);
            foreach (var command in palette.Commands)
            {
                Check(command.Name, key);
                if (!commands.Add(command.Name))
                    throw new RunnerConfigurationException(key, $"defines command '{command.Name}' twice");
                if (!command.Route.StartsWith('/'))
                    throw new RunnerConfigurationException(key, $"command '{command.Name}' has route '{command.Route}'; routes start with '/'");
                var inputs = new HashSet<string>(StringComparer.Ordinal);
                foreach (var input in command.Inputs)
                {
                    Check(input.Name, key);
                    if (!inputs.Add(input.Name))
                        throw new RunnerConfigurationException(key, $"command '{command.Name}' defines input '{input.Name}' twice");
                }
            }
        }
        Palettes = byName.Values.ToArray();
    }

    public IReadOnlyList<CommandPalette> Palettes { get; }

    private static void Check(string name, string key)
    {
        if (!NamePattern().IsMatch(name))
            throw new RunnerConfigurationException(key, $"uses the name '{name}'; palette, command and input names are 1 to 40 lowercase letters, digits or '-', starting with a letter");
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$")]
    private static partial Regex NamePattern();
}
