using FaultTolerantRunner.Telemetry;
using OpenTelemetry.Metrics;

namespace FaultTolerantRunner.Node.Telemetry;

/// <summary>OpenTelemetry metrics exported for Prometheus at <c>/metrics</c>.</summary>
public static class NodeTelemetry
{
    public static IServiceCollection AddNodeTelemetry(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(RunnerMetrics.MeterName)
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    public static WebApplication MapNodeTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
