using FaultTolerantRunner.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FaultTolerantRunner.Persistence;

/// <summary>The journal and snapshot store (configuration section <c>Persistence</c>).</summary>
public sealed class PersistenceOptions
{
    public PersistenceProvider Provider { get; set; } = PersistenceDefaults.Provider;

    /// <summary>ADO.NET connection string; for SQLite, a bare file path is accepted too.</summary>
    public string ConnectionString { get; set; } = PersistenceDefaults.ConnectionString;

    /// <summary>Who writes the journal table: the plugin (<c>sql</c>) or FTR's group-committing writer (<c>ftr</c>).</summary>
    public JournalWriter Journal { get; set; } = PersistenceDefaults.Journal;

    public static PersistenceOptions Sqlite(string path) => new() { ConnectionString = $"Data Source={path}" };

    public static PersistenceOptions PostgreSql(string connectionString) =>
        new() { Provider = PersistenceProvider.PostgreSql, ConnectionString = connectionString };

    /// <summary>The linq2db provider name Akka.Persistence.Sql needs.</summary>
    public string ProviderName => Provider == PersistenceProvider.Sqlite ? "SQLite.MS" : "PostgreSQL.15";

    /// <summary>Checks the settings and, for SQLite, that the database directory exists or can be created and written.</summary>
    public PersistenceOptions Validate()
    {
        if (!Enum.IsDefined(Provider))
            throw new RunnerConfigurationException("Persistence:Provider", $"must be Sqlite or PostgreSql (got '{Provider}')");
        if (!Enum.IsDefined(Journal))
            throw new RunnerConfigurationException("Persistence:Journal", $"must be sql or ftr (got '{Journal}')");
        if (string.IsNullOrWhiteSpace(ConnectionString))
            throw new RunnerConfigurationException("Persistence:ConnectionString", "must not be empty");

        if (Provider == PersistenceProvider.PostgreSql)
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
                if (string.IsNullOrEmpty(builder.Host))
                    throw new RunnerConfigurationException("Persistence:ConnectionString", "must name a Host for PostgreSql, e.g. Host=127.0.0.1;Database=ftr;Username=ftr;Password=...");
            }
            catch (ArgumentException e)
            {
                throw new RunnerConfigurationException("Persistence:ConnectionString", $"is not a valid PostgreSQL connection string: {e.Message}");
            }
            return this;
        }

        var path = SqlitePath;
        if (path is ":memory:" || path.StartsWith("file:", StringComparison.Ordinal)) return this;
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".ftr-write-check-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new RunnerConfigurationException("Persistence:ConnectionString",
                $"points to '{full}', but its directory '{directory}' cannot be created or written ({e.Message}); choose a writable path, e.g. Data Source=data/ftr.db");
        }
        if (File.Exists(full) && (File.GetAttributes(full) & FileAttributes.Directory) == 0)
        {
            try
            {
                using var _ = File.Open(full, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new RunnerConfigurationException("Persistence:ConnectionString", $"points to '{full}', which cannot be opened for reading and writing ({e.Message})");
            }
        }
        else if (Directory.Exists(full))
            throw new RunnerConfigurationException("Persistence:ConnectionString", $"points to '{full}', which is a directory; name a database file inside it, e.g. {Path.Combine(full, "ftr.db")}");
        return this;
    }

    /// <summary>The normalized ADO.NET connection string (a bare SQLite path becomes <c>Data Source=path</c>).</summary>
    public string EffectiveConnectionString =>
        Provider == PersistenceProvider.Sqlite && !ConnectionString.Contains('=')
            ? $"Data Source={ConnectionString}"
            : ConnectionString;

    public string SqlitePath
    {
        get
        {
            try
            {
                return new SqliteConnectionStringBuilder(EffectiveConnectionString).DataSource;
            }
            catch (ArgumentException e)
            {
                throw new RunnerConfigurationException("Persistence:ConnectionString", $"is not a valid SQLite connection string: {e.Message}");
            }
        }
    }
}
