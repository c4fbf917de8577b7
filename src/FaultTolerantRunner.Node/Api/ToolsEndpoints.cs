using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Node.Api;

/// <summary><c>/api/tools</c>: the tools this node runs, with their parameter schemas.</summary>
public static class ToolsEndpoints
{
    public static IEndpointRouteBuilder MapToolEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/tools", (ToolRegistry tools, ToolIsolation isolation) =>
            TypedResults.Json(tools.Names.Select(name => Describe(name, tools.Get(name), isolation)), Json.Options));
        app.MapGet("/api/tools/{name}", (string name, ToolRegistry tools, ToolIsolation isolation) =>
            tools.Contains(name) ? TypedResults.Json(Describe(name, tools.Get(name), isolation), Json.Options) : ProblemResults.Result(tools.UnknownTool(name).Problem, StatusCodes.Status404NotFound));
        app.MapPost("/api/tools/{name}/enable", (string name, ToolRegistry tools, ToolIsolation isolation) =>
        {
            if (!tools.Contains(name)) return ProblemResults.Result(tools.UnknownTool(name).Problem, StatusCodes.Status404NotFound);
            var wasIsolated = isolation.Enable(name);
            return TypedResults.Json(new { name, enabled = true, wasIsolated }, Json.Options);
        });
        return app;
    }

    private static object Describe(string name, ITaskHandler handler, ToolIsolation isolation) => new
    {
        name,
        isolated = isolation.Get(name),
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
