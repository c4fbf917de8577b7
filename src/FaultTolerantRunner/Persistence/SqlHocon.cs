namespace FaultTolerantRunner.Persistence;

/// <summary>Small HOCON pieces shared by the journal, snapshot store and read journal settings.</summary>
internal static class SqlHocon
{
    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// Microsoft.Data.Sqlite opens a transaction of the default (serializable) level with BEGIN IMMEDIATE, i.e. it takes the
    /// write lock, and answers a busy database by sleeping 150 ms. Every entity start reads its snapshot and highest sequence
    /// number in such a transaction, so reads queued behind the journal writer for 150 ms at a time (the measured SQLite
    /// bottleneck). read-uncommitted makes it a deferred BEGIN: under WAL a reader sees the last commit and never blocks or
    /// waits for the writer. (Without shared cache SQLite never reads uncommitted data.)
    /// </summary>
    public static string ReadIsolation(PersistenceOptions options) =>
        options.Provider == PersistenceProvider.Sqlite ? "read-uncommitted" : "unspecified";

    /// <summary>The settings the journal and the snapshot store share: one connection, one provider, one read isolation.</summary>
    public static System.Text.StringBuilder AppendConnection(this System.Text.StringBuilder sb, PersistenceOptions options) =>
        sb.AppendLine($"connection-string = {Quote(options.EffectiveConnectionString)}")
            .AppendLine($"provider-name = {Quote(options.ProviderName)}")
            .AppendLine($"read-isolation-level = {ReadIsolation(options)}");
}
