using Xunit;

namespace FaultTolerantRunner.TestSupport;

/// <summary>
/// A test that needs PostgreSQL (<c>FTR_TEST_POSTGRES</c>). Without it the test is skipped outside CI, naming the package
/// and the variable; with CI=true it runs and <see cref="PostgresDatabase.CreateAsync"/> fails saying the same.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = Ci.SkipUnless(PostgresDatabase.AdminConnectionString is not null, PostgresDatabase.Absence);
}
