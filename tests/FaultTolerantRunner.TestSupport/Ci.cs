namespace FaultTolerantRunner.TestSupport;

/// <summary>
/// Whether this run is CI (<c>CI=true</c>, as CI and <c>.ci/run</c> set it). Outside CI a test whose prerequisite is
/// missing is skipped with the reason; in CI it runs and fails, so a broken set-up never passes as green.
/// </summary>
public static class Ci
{
    public static bool IsOn => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>Skip</c> text for a test whose prerequisite is <paramref name="present"/> or not: null when it runs.</summary>
    public static string? SkipUnless(bool present, string missing) =>
        present || IsOn ? null : $"{missing}; skipped outside CI (with CI=true this test is mandatory and fails instead)";
}
