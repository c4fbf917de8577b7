using Akka.Actor;
using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Node.Commands;
using FaultTolerantRunner.Problems;
using static FaultTolerantRunner.Commands.CommandInput;

namespace FaultTolerantRunner.Node.Api;

/// <summary><c>GET /api/actors?path=/user&amp;depth=3</c>: the local actor tree below a path, bounded in depth and size; the <c>actor</c> palette.</summary>
public static class ActorsEndpoints
{
    public const int MaxDepth = 10;

    /// <summary>The largest page; the default too.</summary>
    public const int MaxActors = 2000;

    /// <summary>A walk stops counting here: the total is then a lower bound and the page says it is not complete.</summary>
    public const int MaxVisited = 20_000;

    public static readonly CommandDefinition Hierarchy = CommandDefinition.Get("hierarchy", "Show the actor tree below a path.", "/api/actors",
        Switch("depth", CommandValueType.Integer, CommandInputLocation.Query, "How many levels to show (1-10, default 3).", alias: "-d"),
        Switch("path", CommandValueType.Text, CommandInputLocation.Query, "Start here instead of the root, e.g. /user.", alias: "-s")) with
        { Columns = ["name", "children"] };

    public static readonly CommandPalette Palette = new("actor", "The actor tree of the node you are connected to.", [Hierarchy]);

    public static IEndpointRouteBuilder MapActorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCommand(Hierarchy, (HttpRequest request, ActorSystem system) =>
        {
            var depth = Query.Int(request.Query, "depth", 3, 1, MaxDepth);
            var (offset, limit) = Query.Page(request.Query, MaxActors, MaxActors);
            var path = Query.Text(request.Query, "path") ?? "/";
            return TypedResults.Json(Walk(Resolve(system, path), depth, offset, limit), WireJson.Options);
        });
        return app;
    }

    /// <summary>Depth first, children by name: the page from <paramref name="offset"/>, and how many actors the walk saw.</summary>
    private static ListPage<ActorView> Walk(IActorRef root, int depth, int offset, int limit)
    {
        var page = new List<ActorView>();
        var seen = 0;
        var stack = new Stack<(IActorRef Actor, int Level)>([(root, 0)]);
        while (stack.Count > 0 && seen < MaxVisited)
        {
            var (actor, level) = stack.Pop();
            var children = actor is ActorRefWithCell cell ? cell.Children.OrderBy(c => c.Path.Name, StringComparer.Ordinal).ToArray() : [];
            if (seen >= offset && page.Count < limit)
            {
                var name = level == 0 ? actor.Path.ToStringWithoutAddress() : actor.Path.Name;
                page.Add(new ActorView(actor.Path.ToStringWithoutAddress(), new string(' ', 2 * level) + name, level, children.Length));
            }
            seen++;
            if (level >= depth) continue;
            for (var i = children.Length - 1; i >= 0; i--) stack.Push((children[i], level + 1));
        }
        return ListPage<ActorView>.Of(page, seen, offset, limit, complete: stack.Count == 0);
    }

    /// <summary>Finds a local actor by walking down from the root guardian: no selection, no ask.</summary>
    private static IActorRef Resolve(ActorSystem system, string path)
    {
        var root = ((ExtendedActorSystem)system).Provider.RootGuardian;
        var elements = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!path.StartsWith('/') || path.Length > 500 || path.Any(char.IsControl) || path.Contains('*') || elements.Any(e => e is "." or ".."))
            throw new FtrProblemException(FtrProblem.Validation("invalid-path", $"'{path}' is not an actor path", null,
                "use an absolute path without wildcards, e.g. /user or /system"));
        var actor = elements.Length == 0 ? root : root.GetChild(elements);
        return actor.IsNobody()
            ? throw new FtrProblemException(FtrProblem.NotFound("actor-not-found", $"no actor at '{path}' on this node",
                "start from the top with: ftr actor hierarchy -d 2"), StatusCodes.Status404NotFound)
            : actor;
    }
}
