namespace FaultTolerantRunner.Tests.Journal.Compliance;

public abstract partial class JournalComplianceSpec
{
    private const int EventsPerBatch = 200;

    [ComplianceFact]
    public async Task A_writer_killed_mid_batch_leaves_every_atomic_write_whole_or_absent()
    {
        var prefix = NewId("kill");
        HashSet<string> sent, acked;
        using (var child = BatchWriterProcess.Start(Writer.Name, Store.Options, prefix, EventsPerBatch))
        {
            await Eventually.Until(() => Task.FromResult(child.Progress().Acked.Count), n => n >= 12 || child.HasExited,
                TimeSpan.FromSeconds(40), "12 batches acknowledged by the batch writer");
            Assert.False(child.HasExited, $"the batch writer ended by itself: {child.Errors}");
            await child.KillAsync();
            (sent, acked) = child.Progress();
        }

        var rows = await RowsAsync(prefix);
        // The child keeps four batches in flight: at the kill some were sent and not confirmed.
        var inFlight = sent.Except(acked).ToList();
        Assert.NotEmpty(inFlight);
        Assert.All(rows, r => Assert.True(r.Value == (EventsPerBatch, 1, EventsPerBatch),
            $"{r.Key} holds {r.Value.Count} events ({r.Value.Min}..{r.Value.Max}) of its atomic write of {EventsPerBatch}"));
        Assert.Subset(rows.Keys.ToHashSet(), acked);
        Assert.Subset(sent, rows.Keys.ToHashSet());
        Output.WriteLine($"{Writer.Name} on {Store.Options.Provider}: {acked.Count} batches acknowledged, {inFlight.Count} in flight at the kill, " +
            $"{inFlight.Count(rows.ContainsKey)} of those stored whole, the rest absent");
    }

    /// <summary>Per persistence id under the prefix: rows, lowest and highest sequence number, read with plain SQL.</summary>
    private async Task<Dictionary<string, (long Count, long Min, long Max)>> RowsAsync(string prefix)
    {
        await using var connection = Store.Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT persistence_id, count(*), min(sequence_number), max(sequence_number) FROM journal " +
                              $"WHERE persistence_id LIKE '{prefix}-%' GROUP BY persistence_id";
        var rows = new Dictionary<string, (long, long, long)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        return rows;
    }
}
