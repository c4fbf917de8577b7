using FaultTolerantRunner.Node.Dashboard.Components;

namespace FaultTolerantRunner.Node.Dashboard;

/// <summary>
/// The web dashboard at <c>/dashboard</c>: Razor components rendered on the server (static SSR), in the node's own process
/// and port. Pages read the same services the API uses; actions in the page call the API itself, under its rules.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>Scripts and styles only from the node itself; no inline script, no framing by other sites.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'";

    public static IServiceCollection AddDashboard(this IServiceCollection services, DashboardOptions options)
    {
        services.AddSingleton(options);
        if (!options.Enabled) return services;
        services.AddSingleton<DashboardContext>();
        services.AddRazorComponents();
        return services;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<DashboardOptions>();
        if (!options.Enabled) return app;
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(DashboardPaths.Root))
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
            }
            await next(context);
        });
        app.UseAntiforgery();
        app.MapDashboardAssets();
        app.MapRazorComponents<App>();
        return app;
    }
}
