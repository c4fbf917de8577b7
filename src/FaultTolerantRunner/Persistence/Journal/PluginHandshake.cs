namespace FaultTolerantRunner.Persistence.Journal;

/// <summary>
/// Akka.Persistence.Sql's internal journal handshake (<c>Akka.Persistence.Sql.Utility.IsInitialized</c> / <c>Initialized</c>):
/// its read journal blocks on it at creation. Both types are internal to the plugin, so they are found by name; a plugin
/// version without them fails here, at the first journal start, instead of every read journal timing out later.
/// </summary>
internal static class PluginHandshake
{
    private const string Namespace = "Akka.Persistence.Sql.Utility";

    public static readonly Type Question = typeof(Akka.Persistence.Sql.SqlPersistence).Assembly.GetType($"{Namespace}.IsInitialized", throwOnError: true)!;

    public static readonly object Answer = typeof(Akka.Persistence.Sql.SqlPersistence).Assembly.GetType($"{Namespace}.Initialized", throwOnError: true)!
        .GetField("Instance")!.GetValue(null)!;
}
