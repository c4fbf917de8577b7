namespace FaultTolerantRunner.Chaos.Tests.Support;

/// <summary>
/// A test that needs PostgreSQL (FTR_TEST_POSTGRES). Without it the test is skipped locally, with the reason shown;
/// in CI (CI=true) it runs and fails, saying what is missing, so a broken set-up never passes as green.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresDatabase.AdminConnectionString is null && !PostgresDatabase.InCi)
            Skip = $"needs PostgreSQL: set {PostgresDatabase.Variable} (e.g. Host=127.0.0.1;Username=ftr;Password=ftr;Database=ftr, a role that may CREATE DATABASE); .ci/run sets it up";
    }
}
