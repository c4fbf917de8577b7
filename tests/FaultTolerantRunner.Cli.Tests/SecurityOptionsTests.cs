using FaultTolerantRunner.Hosting;
using FaultTolerantRunner.Node.Security;
using Microsoft.Extensions.Configuration;

namespace FaultTolerantRunner.Cli.Tests;

/// <summary>Which addresses count as loopback, and how Security:* is read.</summary>
public sealed class SecurityOptionsTests
{
    private static SecurityOptions Load(params (string Key, string Value)[] settings) =>
        SecurityOptions.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    [InlineData("https://127.0.0.2:443")]
    public void Loopback_addresses_need_no_keys(string url)
    {
        Load().CheckExposure([url]);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://[::]:5080")]
    [InlineData("http://10.1.2.3:5080")]
    [InlineData("http://ftr.example.com:5080")]
    public void Exposed_addresses_without_keys_are_refused(string url)
    {
        var error = Assert.Throws<RunnerConfigurationException>(() => Load().CheckExposure(["http://127.0.0.1:5080", url]));

        Assert.Equal("Security:ApiKeys", error.Key);
        Assert.Contains(url, error.Message);
    }

    [Fact]
    public void Exposed_address_with_keys_or_explicit_anonymity_is_accepted()
    {
        Load(("Security:ApiKeys:0", "0123456789abcdef0123")).CheckExposure(["http://0.0.0.0:5080"]);
        Load(("Security:AllowAnonymous", "true")).CheckExposure(["http://0.0.0.0:5080"]);
    }

    [Fact]
    public void Keys_may_be_a_comma_separated_string()
    {
        var options = Load(("Security:ApiKeys", "0123456789abcdef0123, fedcba9876543210fedc"));

        Assert.Equal(2, options.ApiKeys.Count);
        Assert.True(options.KeysRequired);
    }

    [Fact]
    public void Unknown_security_setting_is_named()
    {
        var error = Assert.Throws<RunnerConfigurationException>(() => Load(("Security:ApiKey", "0123456789abcdef0123")));

        Assert.Equal("Security:ApiKey", error.Key);
    }

    [Fact]
    public void Allow_anonymous_must_be_a_boolean()
    {
        var error = Assert.Throws<RunnerConfigurationException>(() => Load(("Security:AllowAnonymous", "yes")));

        Assert.Equal("Security:AllowAnonymous", error.Key);
    }
}
