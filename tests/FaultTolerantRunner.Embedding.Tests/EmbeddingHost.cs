using FaultTolerantRunner.Hosting;
using FaultTolerantRunner.Persistence;
using FaultTolerantRunner.Taxonomy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FaultTolerantRunner.Embedding.Tests;

/// <summary>The embedding application: a generic host with the runner, its own handler and rule, on SQLite in a directory.</summary>
public static class EmbeddingHost
{
    public const string Rule = "billing.quota";

    public static string Database(string directory) => Path.Combine(directory, "ftr.db");

    public static async Task<IHost> StartAsync(string directory)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = directory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<InvoiceLedger>();
        builder.Services.AddFaultTolerantRunner(o =>
            {
                o.Persistence = PersistenceOptions.Sqlite(Database(directory));
                o.Cluster.Port = 0;
                o.BuiltInTools = false;
            })
            .WithTaskHandler<InvoiceTool>("invoice")
            // By default "quota exceeded" is throttling (transient, retried); for billing it is final.
            .WithClassificationRule(new ClassificationRule
            {
                Id = Rule,
                Priority = 800,
                Category = ErrorCategory.Permanent,
                Message = ClassificationRule.Pattern("billing quota exceeded"),
            });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
