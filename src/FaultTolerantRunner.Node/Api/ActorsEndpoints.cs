using Akka.Actor;
using FaultTolerantRunner.Problems;

namespace FaultTolerantRunner.Node.Api;

/// <summary><c>GET /api/actors?path=/user&amp;depth=3</c>: the local actor tree below a path, bounded in depth and size.</summary>
public static class ActorsEndpoints
{
    public const int MaxDepth = 10;
    public const int MaxActors = 2000;

    public static IEndpointRouteBuilder MapActorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/actors", HierarchyAsync);
        return app;
    }

    private static async Task<IResult> HierarchyAsync(HttpRequest request, ActorSystem system, CancellationToken cancellation)
    {
        var depth = TasksEndpoints.IntQuery(request.Query, "depth", 3, 1, MaxDepth);
        var path = request.Query["path"].ToString();
        if (string.IsNullOrEmpty(path)) path = "/";
        if (!path.StartsWith('/') || path.Length > 500 || path.Any(char.IsControl) || path.Contains('*'))
            throw new FtrProblemException(FtrProblem.Validation("invalid-path", $"'{path}' is not an actor path", null,
                "use an absolute path without wildcards, e.g. /user or /system"));

        var root = await ResolveAsync(system, path, cancellation);
        var items = new List<object>();
        var truncated = false;
        void Walk(IActorRef actor, int level)
        {
            if (items.Count >= MaxActors)
            {
                truncated = true;
                return;
            }
            var children = actor is ActorRefWithCell cell ? cell.Children.OrderBy(c => c.Path.Name, StringComparer.Ordinal).ToArray() : [];
            items.Add(new { path = actor.Path.ToStringWithoutAddress(), name = new string(' ', 2 * level) + (level == 0 ? actor.Path.ToStringWithoutAddress() : actor.Path.Name), depth = level, children = children.Length });
            if (level >= depth) return;
            foreach (var child in children) Walk(child, level + 1);
        }
        Walk(root, 0);
        return TypedResults.Json(new { root = path, depth, items, truncated }, Json.Options);
    }

    private static async Task<IActorRef> ResolveAsync(ActorSystem system, string path, CancellationToken cancellation)
    {
        if (path == "/") return ((ExtendedActorSystem)system).Provider.RootGuardian;
        try
        {
            return await system.ActorSelection(path).ResolveOne(TimeSpan.FromSeconds(3), cancellation);
        }
        catch (ActorNotFoundException)
        {
            throw new FtrProblemException(FtrProblem.NotFound("actor-not-found", $"no actor at '{path}' on this node",
                "start from the top with: ftr actor hierarchy -d 2"), StatusCodes.Status404NotFound);
        }
    }
}
