using Microsoft.Extensions.Hosting;

namespace FaultTolerantRunner.Persistence;

/// <summary>
/// Prepares the journal before anything writes to it: the SQLite file in WAL mode, and the schema of earlier FTR versions
/// migrated (<see cref="JournalSchema"/>). Runs once, as a hosted service registered before Akka.Hosting's (the host starts
/// them in order) and again awaited by the runner's first actor starter, so the order holds even when an embedder starts
/// hosted services concurrently. A database that cannot be reached now is migrated later by the health monitor.
/// </summary>
public sealed class JournalMigration(PersistenceOptions options) : IHostedService
{
    /// <summary>Bounds the wait at start for a database that hangs rather than refuses.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly Lazy<Task> _run = new(() => RunAsync(options));

    /// <summary>Completes once the journal is ready for its first write (or known to be unreachable for now).</summary>
    public Task WhenDone(CancellationToken cancellation = default) => _run.Value.WaitAsync(cancellation);

    public Task StartAsync(CancellationToken cancellationToken) => WhenDone(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task RunAsync(PersistenceOptions options)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await JournalProbe.PrepareSqliteAsync(options, timeout.Token).ConfigureAwait(false);
        await JournalSchema.EnsureAsync(options, timeout.Token).ConfigureAwait(false);
    }
}
