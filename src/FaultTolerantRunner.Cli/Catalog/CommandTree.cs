using System.CommandLine;
using System.CommandLine.Parsing;
using FaultTolerantRunner.Commands;

namespace FaultTolerantRunner.Cli.Catalog;

/// <summary>Turns the node's catalog into a System.CommandLine tree: palettes are commands, their commands subcommands.</summary>
public sealed class CommandTree
{
    public static readonly Option<bool> Json = new("--json") { Description = "Print the node's raw JSON (for scripts).", Recursive = true };

    public static readonly Option<string> ApiKey = new("--api-key")
        { Description = "API key for state-changing commands (default: $FTR_API_KEY).", Recursive = true };

    public delegate Task<int> Runner(CommandDefinition command, IReadOnlyDictionary<string, object> values, ParseResult parse, CancellationToken cancellation);

    public CommandTree(CommandCatalogView catalog, Runner run)
    {
        Catalog = catalog;
        Root = new RootCommand("ftr: the console for FaultTolerantRunner nodes. Usage: ftr [host:port|url] <palette> <command> [args] [--json]");
        Root.Options.Add(Json);
        Root.Options.Add(ApiKey);
        foreach (var palette in catalog.Palettes)
        {
            var paletteCommand = new Command(palette.Name, palette.Description);
            foreach (var command in palette.Commands)
            {
                // A command named like its palette is the palette's own action: ftr run <tool>.
                var target = command.Name == palette.Name ? paletteCommand : new Command(command.Name, command.Description);
                var symbols = Bind(target, command);
                target.SetAction((parse, cancellation) => run(command, Values(parse, symbols), parse, cancellation));
                if (target != paletteCommand) paletteCommand.Subcommands.Add(target);
            }
            Root.Subcommands.Add(paletteCommand);
        }
    }

    public CommandCatalogView Catalog { get; }

    public RootCommand Root { get; }

    /// <summary>Names for interactive completion: palettes, and "palette command" pairs.</summary>
    public IEnumerable<string> Words =>
        Catalog.Palettes.SelectMany(p => p.Commands.Where(c => c.Name != p.Name).Select(c => $"{p.Name} {c.Name}").Prepend(p.Name));

    private static List<(CommandInput Input, Symbol Symbol)> Bind(Command target, CommandDefinition command)
    {
        var symbols = new List<(CommandInput, Symbol)>();
        foreach (var input in command.Inputs)
        {
            Symbol symbol;
            if (input.Kind == CommandInputKind.Argument)
            {
                var argument = new Argument<string>(input.Name)
                {
                    Description = input.Description,
                    Arity = input.Required ? ArgumentArity.ExactlyOne : ArgumentArity.ZeroOrOne,
                };
                target.Arguments.Add(argument);
                symbol = argument;
            }
            else
            {
                var aliases = input.Alias is null ? [] : new[] { input.Alias };
                Option option = input.Type switch
                {
                    CommandValueType.Integer => new Option<int>("--" + input.Name, aliases),
                    CommandValueType.Number => new Option<double>("--" + input.Name, aliases),
                    CommandValueType.Flag => new Option<bool>("--" + input.Name, aliases),
                    CommandValueType.Map => MapOption(input, aliases),
                    _ => new Option<string>("--" + input.Name, aliases),
                };
                option.Description = input.Description;
                option.Required = input.Required;
                target.Options.Add(option);
                symbol = option;
            }
            symbols.Add((input, symbol));
        }
        return symbols;
    }

    private static Option<string[]> MapOption(CommandInput input, string[] aliases)
    {
        var option = new Option<string[]>("--" + input.Name, aliases) { Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                var equals = token.Value.IndexOf('=');
                if (equals <= 0)
                    result.AddError($"--{input.Name} takes key=value (got '{token.Value}'), e.g. --{input.Name} text=hello");
            }
        });
        return option;
    }

    private static Dictionary<string, object> Values(ParseResult parse, List<(CommandInput Input, Symbol Symbol)> symbols)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (input, symbol) in symbols)
        {
            object? value = symbol switch
            {
                Argument<string> a => parse.GetValue(a),
                Option<int> o when parse.GetResult(o) is { Implicit: false } => parse.GetValue(o),
                Option<double> o when parse.GetResult(o) is { Implicit: false } => parse.GetValue(o),
                Option<bool> o => parse.GetValue(o) ? true : null,
                Option<string[]> o when parse.GetValue(o) is { Length: > 0 } pairs => Map(pairs),
                Option<string> o => parse.GetValue(o),
                _ => null,
            };
            if (value is not null) values[input.Name] = value;
        }
        return values;
    }

    private static IReadOnlyDictionary<string, string> Map(string[] pairs)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=');
            map[pair[..equals]] = pair[(equals + 1)..];
        }
        return map;
    }
}
