using FaultTolerantRunner.LoadGen;
using FaultTolerantRunner.Persistence;
using Microsoft.Data.Sqlite;

namespace FaultTolerantRunner.Node.Tests;

/// <summary>
/// The load generator's floor benchmark measures what it claims: one persistent actor per task journaling FTR's own three
/// task events with the task tag, every task completed. (Its rate is a benchmark figure, not asserted here.)
/// </summary>
public class PersistenceFloorTests
{
    [Theory]
    [InlineData(JournalWriter.Sql)]
    [InlineData(JournalWriter.Ftr)]
    public async Task Each_floor_task_journals_the_three_task_events_and_completes(JournalWriter writer)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ftr-floor-test", Guid.NewGuid().ToString("N"));
        var storage = StorageTarget.Sqlite(directory, "floor");
        const int tasks = 20;

        var run = await PersistenceFloor.RunAsync(storage, writer, tasks, concurrency: 4, TimeSpan.FromSeconds(60));

        Assert.True(run.AllDone);
        Assert.Equal(tasks, run.Log.CompletedCount);
        Assert.Equal(tasks, run.Log.LatenciesMs().Count);
        await using (var connection = new SqliteConnection(storage.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new SqliteCommand(
                "SELECT persistence_id, COUNT(*), SUM(tags LIKE '%task%'), MIN(sequence_number), MAX(sequence_number) FROM journal GROUP BY persistence_id",
                connection);
            await using var rows = await command.ExecuteReaderAsync();
            var entities = 0;
            while (await rows.ReadAsync())
            {
                entities++;
                Assert.StartsWith("task-", rows.GetString(0), StringComparison.Ordinal);
                Assert.Equal(3, rows.GetInt32(1));
                Assert.Equal(3, rows.GetInt32(2));
                Assert.Equal(1, rows.GetInt64(3));
                Assert.Equal(3, rows.GetInt64(4));
            }
            // The warm-up (as many tasks as the run, up to 1,000) and the measured run.
            Assert.Equal(2 * tasks, entities);
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
