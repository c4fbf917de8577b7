using Npgsql;

namespace FaultTolerantRunner.LoadGen;

/// <summary>Where a run keeps its data: a fresh SQLite file or a fresh PostgreSQL database per run.</summary>
public sealed record StorageTarget(string Name, string Provider, string ConnectionString)
{
    public static StorageTarget Sqlite(string directory, string run)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{run}.db");
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            File.Delete(file);
        return new StorageTarget("SQLite", "Sqlite", $"Data Source={path}");
    }

    /// <summary>Drops and creates database <paramref name="database"/> with the credentials of <paramref name="connectionString"/>.</summary>
    public static async Task<StorageTarget> PostgreSqlAsync(string connectionString, string database)
    {
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            foreach (var sql in new[] { $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", $"CREATE DATABASE \"{database}\"" })
            {
                await using var command = new NpgsqlCommand(sql, admin);
                await command.ExecuteNonQueryAsync();
            }
        }
        // Pooled connections to a database of the same name from an earlier run were killed by the DROP: start clean.
        NpgsqlConnection.ClearAllPools();
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Database = database };
        return new StorageTarget("PostgreSQL", "PostgreSql", builder.ConnectionString);
    }
}
