using FaultTolerantRunner.Hosting;
using FaultTolerantRunner.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FaultTolerantRunner.Node.Telemetry;

/// <summary>
/// OpenTelemetry: metrics exported for Prometheus at <c>/metrics</c>; traces (an activity per task and per attempt)
/// exported over OTLP when <c>Telemetry:OtlpEndpoint</c> names a collector.
/// </summary>
public static class NodeTelemetry
{
    public static IServiceCollection AddNodeTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = OtlpEndpoint(configuration);
        var telemetry = services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(RunnerMetrics.MeterName)
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        if (otlp is not null)
            telemetry.WithTracing(tracing => tracing.AddSource(RunnerTracing.SourceName).AddOtlpExporter(o => o.Endpoint = otlp));
        return services;
    }

    public static WebApplication MapNodeTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(Api.HealthEndpoints.Metrics.Route);
        return app;
    }

    private static Uri? OtlpEndpoint(IConfiguration configuration)
    {
        var text = configuration["Telemetry:OtlpEndpoint"];
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new RunnerConfigurationException("Telemetry:OtlpEndpoint", $"must be an http(s) URL of an OTLP collector, e.g. http://127.0.0.1:4317 (got '{text}')");
        return uri;
    }
}
