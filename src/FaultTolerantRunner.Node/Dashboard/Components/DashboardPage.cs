using Akka.Actor;
using FaultTolerantRunner.Problems;
using Microsoft.AspNetCore.Components;

namespace FaultTolerantRunner.Node.Dashboard.Components;

/// <summary>
/// A dashboard page: reads its data from the node's services while it renders on the server, and shows a failure to read
/// (a slow actor, an unknown id) as the standard problem instead of an error page.
/// </summary>
public abstract class DashboardPage : ComponentBase
{
    [Inject] protected DashboardContext Dashboard { get; set; } = null!;

    [Inject] protected NavigationManager Navigation { get; set; } = null!;

    [CascadingParameter] public HttpContext? HttpContext { get; set; }

    /// <summary>Why the page could not show (all of) its data; rendered by <see cref="ProblemBox"/>.</summary>
    protected FtrProblem? Problem { get; set; }

    protected CancellationToken Aborted => HttpContext?.RequestAborted ?? CancellationToken.None;

    /// <summary>The page's own address (path and query), for live refreshes and paging links.</summary>
    protected string Here => "/" + Navigation.ToBaseRelativePath(Navigation.Uri);

    /// <summary>Runs <paramref name="load"/>; a problem it raises is kept in <see cref="Problem"/> (and the status code set) and null returned.</summary>
    protected async Task<T?> LoadAsync<T>(Func<CancellationToken, Task<T>> load) where T : class
    {
        try
        {
            return await load(Aborted);
        }
        catch (FtrProblemException e)
        {
            Fail(e.Problem, e.Status);
        }
        catch (AskTimeoutException e)
        {
            Fail(FtrProblem.Transient("dashboard-timeout", Taxonomy.Severity.Medium, $"the node did not answer in time: {e.Message}",
                "reload the page; if it persists, check the node's health at /health/ready"), StatusCodes.Status503ServiceUnavailable);
        }
        return null;
    }

    protected void Fail(FtrProblem problem, int status)
    {
        Problem ??= problem;
        if (HttpContext is not { Response.HasStarted: false } context) return;
        // A 404 set while rendering makes the component endpoint drop the page's body (its not-found handling): set it as the
        // response starts instead, so the problem page is sent with its status.
        if (status == StatusCodes.Status404NotFound)
            context.Response.OnStarting(() =>
            {
                context.Response.StatusCode = status;
                return Task.CompletedTask;
            });
        else context.Response.StatusCode = status;
    }
}
