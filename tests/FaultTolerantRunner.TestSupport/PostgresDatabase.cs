using Npgsql;

namespace FaultTolerantRunner.TestSupport;

/// <summary>A fresh PostgreSQL database for one test or test class (journal, snapshots and sharding state), dropped afterwards.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string Variable = "FTR_TEST_POSTGRES";

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
