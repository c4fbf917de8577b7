namespace FaultTolerantRunner.Commands;

/// <summary>A named group of console commands (<c>ftr &lt;palette&gt; &lt;command&gt;</c>), served by the node at <c>GET /api/commands</c>.</summary>
public sealed record CommandPalette(string Name, string Description, IReadOnlyList<CommandDefinition> Commands);
