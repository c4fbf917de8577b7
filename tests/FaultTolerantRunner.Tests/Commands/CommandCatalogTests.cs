using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Hosting;

namespace FaultTolerantRunner.Tests.Commands;

public sealed class CommandCatalogTests
{
    private static CommandPalette Palette(string name, params CommandDefinition[] commands) => new(name, "test palette", commands);

    [Fact]
    public void Palettes_are_served_in_name_order()
    {
        var catalog = new CommandCatalog([Palette("zeta"), Palette("alpha")]);

        Assert.Equal(["alpha", "zeta"], catalog.Palettes.Select(p => p.Name));
    }

    [Fact]
    public void Two_palettes_of_one_name_are_a_configuration_error_naming_it()
    {
        var error = Assert.Throws<RunnerConfigurationException>(() => new CommandCatalog([Palette("billing"), Palette("billing")]));

        Assert.Equal("WithCommandPalette(\"billing\")", error.Key);
        Assert.Contains("already registered", error.Message);
    }

    [Fact]
    public void A_command_defined_twice_is_a_configuration_error()
    {
        var command = CommandDefinition.Get("list", "List.", "/api/billing");

        var error = Assert.Throws<RunnerConfigurationException>(() => new CommandCatalog([Palette("billing", command, command)]));

        Assert.Contains("defines command 'list' twice", error.Message);
    }

    [Theory]
    [InlineData("Billing")]
    [InlineData("bill ing")]
    [InlineData("")]
    [InlineData("9lives")]
    public void Names_that_do_not_fit_a_command_line_are_refused(string name)
    {
        var error = Assert.Throws<RunnerConfigurationException>(() => new CommandCatalog([Palette(name)]));

        Assert.Contains("lowercase letters", error.Message);
    }

    [Fact]
    public void A_route_must_be_absolute()
    {
        var error = Assert.Throws<RunnerConfigurationException>(() =>
            new CommandCatalog([Palette("billing", CommandDefinition.Get("list", "List.", "api/billing"))]));

        Assert.Contains("routes start with '/'", error.Message);
    }

    [Fact]
    public void Only_reads_are_free_of_state_changes()
    {
        Assert.False(CommandDefinition.Get("list", "List.", "/api/x").ChangesState);
        Assert.True(CommandDefinition.Post("close", "Close.", "/api/x").ChangesState);
        Assert.True(new CommandDefinition("purge", "Purge.", "DELETE", "/api/x", []).ChangesState);
    }
}
