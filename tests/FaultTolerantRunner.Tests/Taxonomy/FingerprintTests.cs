using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tests.Taxonomy;

public sealed class FingerprintTests
{
    [Theory]
    [InlineData("Could not find file '/data/2026/in-17.csv'", "Could not find file '/srv/other/in-3.csv'")]
    [InlineData("Connection refused (10.0.0.12:5432)", "Connection refused (10.0.0.99:6543)")]
    [InlineData("order 3f2a1c9e-1b2c-4d5e-8f90-123456789abc failed after 3 tries", "order 0b2a1c9e-1b2c-4d5e-8f90-aaaaaaaaaaaa failed after 5 tries")]
    [InlineData("GET https://api.example.com/v1/items/991 answered 503", "GET https://api.example.com/v1/items/12 answered 503")]
    [InlineData("timeout contacting db-7.internal:5432", "timeout contacting db-2.internal:5433")]
    public void The_same_root_cause_gets_the_same_fingerprint(string first, string second)
    {
        Assert.Equal(Fingerprint.Of("http", ErrorCategory.Transient, first), Fingerprint.Of("http", ErrorCategory.Transient, second));
    }

    [Fact]
    public void Different_causes_tools_or_categories_get_different_fingerprints()
    {
        var baseline = Fingerprint.Of("http", ErrorCategory.Transient, "Connection refused (10.0.0.12:5432)");

        Assert.NotEqual(baseline, Fingerprint.Of("http", ErrorCategory.Transient, "Connection reset by peer (10.0.0.12:5432)"));
        Assert.NotEqual(baseline, Fingerprint.Of("sleep", ErrorCategory.Transient, "Connection refused (10.0.0.12:5432)"));
        Assert.NotEqual(baseline, Fingerprint.Of("http", ErrorCategory.External, "Connection refused (10.0.0.12:5432)"));
    }

    [Fact]
    public void A_fingerprint_names_its_tool_and_category()
    {
        Assert.Matches("^http:transient:[0-9a-f]{16}$", Fingerprint.Of("http", ErrorCategory.Transient, "x"));
    }
}
