using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Node.Api;

/// <summary>Every error response is problem+json: thrown problems, bad requests, unknown routes and unexpected faults.</summary>
public static class ErrorHandling
{
    public static IApplicationBuilder UseProblemResponses(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (FtrProblemException e) when (!context.Response.HasStarted)
            {
                if (e.RetryAfter is { } retryAfter)
                    context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ProblemResults.WriteAsync(context, e.Problem, e.Status);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                var tooLarge = e.StatusCode == StatusCodes.Status413PayloadTooLarge;
                await ProblemResults.WriteAsync(context, FtrProblem.Validation(tooLarge ? "body-too-large" : "bad-request", e.Message, null,
                    tooLarge ? "send a smaller body; pass large inputs by reference" : "check the request line, headers and body"), e.StatusCode);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away; nothing to answer.
            }
            catch (Exception e) when (!context.Response.HasStarted)
            {
                app.Logger.LogError(e, "unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
                await ProblemResults.WriteAsync(context, new FtrProblem(ErrorCategory.Unknown, "internal-error", Severity.High,
                    "the node failed to handle the request; nothing you submitted before was lost", e.GetType().Name,
                    ["retry the request", "if it keeps failing, check the node's log for this timestamp"], Timestamp: DateTimeOffset.UtcNow), 500);
            }
        });

        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (http.Response.ContentLength is > 0 || http.Response.ContentType is not null) return;
            var status = http.Response.StatusCode;
            var problem = status switch
            {
                404 => FtrProblem.NotFound("route-not-found", $"no endpoint at {http.Request.Method} {http.Request.Path}",
                    "see the README's API section; tasks live under /api/tasks, tools under /api/tools"),
                405 => FtrProblem.Validation("method-not-allowed", $"{http.Request.Method} is not allowed on {http.Request.Path}", null,
                    "check the HTTP method: reads are GET, submissions and actions are POST"),
                _ => FtrProblem.Validation("http-" + status, $"the request failed with status {status}", null, "check the request"),
            };
            await ProblemResults.WriteAsync(http, problem, status);
        });
        return app;
    }
}
