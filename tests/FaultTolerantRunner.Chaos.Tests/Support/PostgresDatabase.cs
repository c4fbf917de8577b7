using System.Text.Json.Nodes;
using Npgsql;

namespace FaultTolerantRunner.Chaos.Tests.Support;

/// <summary>A fresh PostgreSQL database for one test (journal, snapshots and sharding state), dropped afterwards.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string Variable = "FTR_TEST_POSTGRES";

    /// <summary>Event types that end a task (the manifests FTR's serializer writes).</summary>
    public static readonly string[] TerminalEvents = ["AttemptSucceeded", "TaskDeadLettered", "TaskFailed", "TaskCancelled"];

    private readonly string _admin;

    private PostgresDatabase(string admin, string name)
    {
        _admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString;
    }

    public static string? AdminConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    /// <summary>Why a PostgreSQL test cannot run here: the package to install and the variable to set.</summary>
    public static string Absence =>
        $"{Variable} is not set: this test needs a PostgreSQL server (Debian package 'postgresql') and in {Variable} an admin " +
        "connection for a role that may CREATE DATABASE, e.g. Host=127.0.0.1;Username=ftr;Password=ftr;Database=ftr. " +
        ".ci/run installs, starts and sets it up; locally run: source .ci/postgres.sh && ftr_pg_setup";

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var admin = AdminConnectionString ?? throw new Xunit.Sdk.XunitException(Absence);
        var name = $"ftr_test_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid():N}"[..40];
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new PostgresDatabase(admin, name);
    }

    /// <summary>How many terminal events each task's journal holds (read straight from the journal table).</summary>
    public async Task<Dictionary<string, int>> TerminalEventsPerTaskAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT persistence_id, count(*) FILTER (WHERE manifest = ANY(@terminal)) FROM journal " +
            "WHERE persistence_id LIKE 'task-%' AND NOT deleted GROUP BY persistence_id", connection);
        query.Parameters.AddWithValue("terminal", TerminalEvents);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync()) counts[reader.GetString(0)["task-".Length..]] = (int)reader.GetInt64(1);
        return counts;
    }

    /// <summary>How many of the given tasks have ended (hold a terminal event); one indexed query, cheap to poll.</summary>
    public async Task<long> EndedCountAsync(IReadOnlyCollection<string> taskIds)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT count(DISTINCT persistence_id) FROM journal WHERE persistence_id = ANY(@ids) AND manifest = ANY(@terminal) AND NOT deleted", connection);
        query.Parameters.AddWithValue("ids", taskIds.Select(id => "task-" + id).ToArray());
        query.Parameters.AddWithValue("terminal", TerminalEvents);
        return (long)(await query.ExecuteScalarAsync())!;
    }

    /// <summary>The journals of the given tasks, each in sequence order, every event's JSON as FTR's serializer wrote it.</summary>
    public async Task<Dictionary<string, List<JournalEntry>>> TaskJournalsAsync(IEnumerable<string> taskIds)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT persistence_id, sequence_number, manifest, message FROM journal " +
            "WHERE persistence_id = ANY(@ids) AND NOT deleted ORDER BY persistence_id, sequence_number", connection);
        query.Parameters.AddWithValue("ids", taskIds.Select(id => "task-" + id).ToArray());
        var journals = new Dictionary<string, List<JournalEntry>>(StringComparer.Ordinal);
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = reader.GetString(0)["task-".Length..];
            var payload = JsonNode.Parse((byte[])reader.GetValue(3)) as JsonObject ?? [];
            (journals.TryGetValue(id, out var entries) ? entries : journals[id] = []).Add(new JournalEntry(reader.GetInt64(1), reader.GetString(2), payload));
        }
        return journals;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(_admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // Best effort: a leftover database has a unique name and does not disturb the next run.
        }
    }
}
