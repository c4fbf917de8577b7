using System.Text.Json.Nodes;
using Npgsql;

namespace FaultTolerantRunner.Chaos.Tests.Support;

/// <summary>What the chaos tests read from a <see cref="PostgresDatabase"/>'s journal: the tasks' events, straight from the table.</summary>
public static class PostgresTaskJournals
{
    /// <summary>Event types that end a task (the manifests FTR's serializer writes).</summary>
    public static readonly string[] TerminalEvents = ["AttemptSucceeded", "TaskDeadLettered", "TaskFailed", "TaskCancelled"];

    /// <summary>How many terminal events each task's journal holds (read straight from the journal table).</summary>
    public static async Task<Dictionary<string, int>> TerminalEventsPerTaskAsync(this PostgresDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
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
    public static async Task<long> EndedCountAsync(this PostgresDatabase database, IReadOnlyCollection<string> taskIds)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT count(DISTINCT persistence_id) FROM journal WHERE persistence_id = ANY(@ids) AND manifest = ANY(@terminal) AND NOT deleted", connection);
        query.Parameters.AddWithValue("ids", taskIds.Select(id => "task-" + id).ToArray());
        query.Parameters.AddWithValue("terminal", TerminalEvents);
        return (long)(await query.ExecuteScalarAsync())!;
    }

    /// <summary>The journals of the given tasks, each in sequence order, every event's JSON as FTR's serializer wrote it.</summary>
    public static async Task<Dictionary<string, List<JournalEntry>>> TaskJournalsAsync(this PostgresDatabase database, IEnumerable<string> taskIds)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
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
}
