using Akka.Hosting;
using FaultTolerantRunner.Hosting;
using FaultTolerantRunner.Node.Api;
using FaultTolerantRunner.Node.Commands;
using FaultTolerantRunner.Node.Dashboard;
using FaultTolerantRunner.Node.Security;
using FaultTolerantRunner.Node.Telemetry;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace FaultTolerantRunner.Node;

/// <summary>Builds and runs an FTR node: the actor system with the runner, and its HTTP surface.</summary>
public static class NodeHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Which <c>cluster-config/*.json</c> layer to load; the node's own key inside the runner's <c>Cluster</c> section.</summary>
    public const string ProfileKey = "Cluster:Profile";

    /// <summary>Starts a node and runs it until shutdown; bad configuration ends it with exit code 2 and one line naming the key.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (RunnerConfigurationException e)
        {
            await Console.Error.WriteLineAsync($"ftr-node: configuration error: {e.Message}");
            return 2;
        }

        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            // Typically a port already in use: say which, not a stack trace.
            await Console.Error.WriteLineAsync($"ftr-node: could not start: {e.GetBaseException().Message}");
            return 1;
        }
    }

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        AddProfile(builder);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestBody.MaxBytes);
        customize?.Invoke(builder);
        var security = SecurityOptions.Load(builder.Configuration);
        var urls = ListeningUrls(builder).ToList();
        security.CheckExposure(urls);
        builder.Services.AddSingleton(security);
        builder.Services.AddCommandHost();
        builder.Services.AddDashboard(DashboardOptions.Load(builder.Configuration));

        // The same entry point an embedder uses; the node only adds its HTTP surface around it.
        builder.Services.AddFaultTolerantRunner(RunnerConfiguration.Load(builder.Configuration, [ProfileKey]))
            .WithAkka((akka, _) => akka.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            }));
        builder.Services.AddNodeTelemetry(builder.Configuration);

        var app = builder.Build();
        // Build the tool registry now: duplicate tool names and bad fallbacks are configuration errors, reported at start.
        app.Services.GetRequiredService<FaultTolerantRunner.Tools.ToolRegistry>();
        app.Services.GetRequiredService<FaultTolerantRunner.Commands.CommandCatalog>();
        app.UseProblemResponses();
        app.UseCrossSiteGuard(loopbackOnly: urls.All(SecurityOptions.IsLoopback));
        app.UseApiKeys(security);
        app.MapTaskEndpoints();
        app.MapToolEndpoints();
        app.MapErrorEndpoints();
        app.MapErrorRegistryEndpoints();
        app.MapRecoveryEndpoints();
        app.MapDiagnosticsEndpoints();
        app.MapDlqEndpoints();
        app.MapBreakerEndpoints();
        app.MapHealthEndpoints();
        app.MapNodeTelemetry();
        app.MapCommandEndpoints();
        app.MapClusterEndpoints();
        app.MapActorEndpoints();
        app.MapChaosEndpoints();
        app.MapScheduleEndpoints();
        app.MapDashboard();
        return app;
    }

    /// <summary>Every address Kestrel will listen on: <c>urls</c> (command line, ASPNETCORE_URLS) and <c>Kestrel:Endpoints:*:Url</c>.</summary>
    private static IEnumerable<string> ListeningUrls(WebApplicationBuilder builder) =>
        (builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey) ?? DefaultUrl)
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Concat(builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());

    /// <summary>
    /// Loads <c>cluster-config/&lt;Cluster:Profile&gt;.json</c> (default <c>single-node</c>) beneath every other source,
    /// so appsettings, environment and command line still override it.
    /// </summary>
    private static void AddProfile(WebApplicationBuilder builder)
    {
        var profile = builder.Configuration[ProfileKey] ?? "single-node";
        var directory = Path.Combine(AppContext.BaseDirectory, "cluster-config");
        var path = Path.Combine(directory, profile + ".json");
        if (!File.Exists(path) || profile.Contains('/') || profile.Contains('\\'))
        {
            var known = Directory.Exists(directory)
                ? string.Join(", ", Directory.GetFiles(directory, "*.json").Select(Path.GetFileNameWithoutExtension))
                : "(none installed)";
            throw new RunnerConfigurationException(ProfileKey, $"names profile '{profile}', but there is no {path}; known profiles: {known}");
        }
        try
        {
            builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
            {
                FileProvider = new PhysicalFileProvider(directory),
                Path = profile + ".json",
                Optional = false,
                ReloadOnChange = false,
            });
        }
        catch (InvalidDataException e)
        {
            throw new RunnerConfigurationException(ProfileKey, $"names profile '{profile}', but {path} is not valid JSON: {e.GetBaseException().Message}");
        }
    }
}
