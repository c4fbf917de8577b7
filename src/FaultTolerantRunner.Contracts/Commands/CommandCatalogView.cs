namespace FaultTolerantRunner.Commands;

/// <summary>The answer of <c>GET /api/commands</c>: every palette the node serves; the <c>ftr</c> client builds its command line from it.</summary>
public sealed record CommandCatalogView(IReadOnlyList<CommandPalette> Palettes)
{
    /// <summary>The one route a client must know beforehand: everything else it learns from the catalog.</summary>
    public const string Route = "/api/commands";
}
