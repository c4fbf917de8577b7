using FaultTolerantRunner.Commands;

namespace FaultTolerantRunner.Node.Commands;

/// <summary>Maps an endpoint from the command that calls it, so that a command's method and route are written once.</summary>
public static class CommandRouting
{
    public static RouteHandlerBuilder MapCommand(this IEndpointRouteBuilder app, CommandDefinition command, Delegate handler) =>
        app.MapMethods(command.Route, [command.Method], handler);
}
