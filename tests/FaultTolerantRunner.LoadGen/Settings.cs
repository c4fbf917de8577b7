namespace FaultTolerantRunner.LoadGen;

/// <summary>What the command line asked for.</summary>
public sealed record Settings(string Scenario, int Tasks, int Concurrency, string PostgreSql, string? Out, int MemoryTasks, int InFlight,
    TimeSpan Limit, string DataDirectory, int HangfireWorkers, IReadOnlyList<string> NodeArgs, int DashboardTasks = 100_000, int Requests = 50);
