using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Node.Api;

namespace FaultTolerantRunner.Node.Commands;

/// <summary>
/// The node's command host: the built-in palettes (each declared in the endpoints file whose routes it calls) plus the
/// embedder's, served at <c>GET /api/commands</c>.
/// </summary>
public static class CommandHost
{
    public static IReadOnlyList<CommandPalette> BuiltIn { get; } =
    [
        ClusterEndpoints.Palette, ActorsEndpoints.Palette, HealthEndpoints.Palette,
        TasksEndpoints.RunPalette, ToolsEndpoints.Palette, TasksEndpoints.Palette, DlqEndpoints.Palette,
        BreakersEndpoints.Palette, RecoveryEndpoints.Palette, ErrorRegistryEndpoints.Palette, ChaosEndpoints.Palette, SchedulesEndpoints.Palette,
    ];

    public static IServiceCollection AddCommandHost(this IServiceCollection services) =>
        services.AddSingleton(sp => new CommandCatalog(BuiltIn.Concat(sp.GetServices<CommandPalette>())));

    public static IEndpointRouteBuilder MapCommandEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(CommandCatalogView.Route, (CommandCatalog catalog) => TypedResults.Json(new CommandCatalogView(catalog.Palettes), WireJson.Options));
        return app;
    }
}
