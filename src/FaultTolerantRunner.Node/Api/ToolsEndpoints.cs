using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Node.Commands;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Tools;
using static FaultTolerantRunner.Commands.CommandInput;

namespace FaultTolerantRunner.Node.Api;

/// <summary><c>/api/tools</c>: the tools this node runs, with their parameter schemas; re-enabling an isolated tool; the <c>tools</c> palette.</summary>
public static class ToolsEndpoints
{
    private static readonly CommandInput Name = Argument("name", "The tool name.");

    public static readonly CommandDefinition List = CommandDefinition.Get("list", "All tools with their descriptions and attempt slots (running, waiting, limit).", "/api/tools") with
        { Columns = ["name", "running", "waiting", "limit", "isolated", "description"] };

    public static readonly CommandDefinition Show = CommandDefinition.Get("show", "One tool with its parameter schema.", "/api/tools/{name}", Name);

    public static readonly CommandDefinition Enable = CommandDefinition.Post("enable",
        "Take tasks for a tool again that this node isolated after a critical failure.", "/api/tools/{name}/enable", Name);

    public static readonly CommandPalette Palette = new("tools", "The tools this node runs, their parameters, and re-enabling an isolated one.",
        [List, Show, Enable]);

    public static IEndpointRouteBuilder MapToolEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCommand(List, (HttpRequest request, ToolRegistry tools, ToolIsolation isolation, AttemptSlots slots) =>
        {
            var (offset, limit) = Query.Page(request.Query);
            var all = tools.Names.Select(name => Describe(name, tools.Get(name), isolation, slots)).ToArray();
            return TypedResults.Json(ListPage<ToolView>.Slice(all, offset, limit), WireJson.Options);
        });
        app.MapCommand(Show, (string name, ToolRegistry tools, ToolIsolation isolation, AttemptSlots slots) =>
            tools.Contains(name) ? TypedResults.Json(Describe(name, tools.Get(name), isolation, slots), WireJson.Options) : throw NotFound(tools, name));
        app.MapCommand(Enable, (string name, ToolRegistry tools, ToolIsolation isolation) =>
        {
            if (!tools.Contains(name)) throw NotFound(tools, name);
            var wasIsolated = isolation.Enable(name);
            return TypedResults.Json(new ToolEnabledView(name, Enabled: true, wasIsolated), WireJson.Options);
        });
        return app;
    }

    private static Problems.FtrProblemException NotFound(ToolRegistry tools, string name) => new(tools.UnknownTool(name).Problem, StatusCodes.Status404NotFound);

    private static ToolView Describe(string name, ITaskHandler handler, ToolIsolation isolation, AttemptSlots slots)
    {
        var slot = slots.Of(name); // one consistent reading under the keeper's lock
        return Describe(name, handler, isolation) with { Running = slot.Running, Waiting = slot.Waiting, Limit = slot.Limit };
    }

    private static ToolView Describe(string name, ITaskHandler handler, ToolIsolation isolation) => new(
        name,
        isolation.Get(name) is { } isolated ? new ToolIsolationView(isolated.Tool, isolated.Reason, isolated.TaskId, isolated.Since) : null,
        handler.Description,
        handler.DefaultTimeout.TotalSeconds,
        handler.Parameters.Select(p => new ToolParameterView(p.Name, p.TypeName, p.Required, p.Default, p.Description, p.ExampleOrDefault,
            p.AllowedValues, p.Minimum, p.Maximum)).ToArray());
}
