using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Node.Api;

/// <summary><c>/api/tools</c>: the tools this node runs, with their parameter schemas.</summary>
public static class ToolsEndpoints
{
    public static IEndpointRouteBuilder MapToolEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/tools", (ToolRegistry tools) => TypedResults.Json(tools.Names.Select(name => Describe(name, tools.Get(name))), Json.Options));
        app.MapGet("/api/tools/{name}", (string name, ToolRegistry tools) =>
            tools.Contains(name) ? TypedResults.Json(Describe(name, tools.Get(name)), Json.Options) : Problems.Result(tools.UnknownTool(name).Problem, StatusCodes.Status404NotFound));
        return app;
    }

    private static object Describe(string name, ITaskHandler handler) => new
    {
        name,
        description = handler.Description,
        defaultTimeoutSeconds = handler.DefaultTimeout.TotalSeconds,
        parameters = handler.Parameters.Select(p => new
        {
            name = p.Name,
            type = p.TypeName,
            required = p.Required,
            @default = p.Default,
            description = p.Description,
            example = p.ExampleOrDefault,
            allowedValues = p.AllowedValues,
            minimum = p.Minimum,
            maximum = p.Maximum,
        }),
    };
}
