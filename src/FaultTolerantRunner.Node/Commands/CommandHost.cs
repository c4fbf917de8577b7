using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Node.Api;

namespace FaultTolerantRunner.Node.Commands;

/// <summary>The node's command host: the built-in palettes plus the embedder's, served at <c>GET /api/commands</c>.</summary>
public static class CommandHost
{
    public static IReadOnlyList<CommandPalette> BuiltIn { get; } =
    [
        ClusterPalettes.Cluster, ClusterPalettes.Actor, ClusterPalettes.Node,
        TaskPalettes.Run, TaskPalettes.Tools, TaskPalettes.Tasks, TaskPalettes.Dlq,
        OperationsPalettes.Breakers, OperationsPalettes.Recovery, OperationsPalettes.Errors, OperationsPalettes.Chaos,
    ];

    public static IServiceCollection AddCommandHost(this IServiceCollection services) =>
        services.AddSingleton(sp => new CommandCatalog(BuiltIn.Concat(sp.GetServices<CommandPalette>())));

    public static IEndpointRouteBuilder MapCommandEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/commands", (CommandCatalog catalog) => TypedResults.Json(new { palettes = catalog.Palettes }, Json.Options));
        return app;
    }
}
