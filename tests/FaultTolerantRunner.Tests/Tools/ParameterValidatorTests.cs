using System.Text.Json.Nodes;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Tools;
using FaultTolerantRunner.Tools.BuiltIn;

namespace FaultTolerantRunner.Tests.Tools;

public sealed class ParameterValidatorTests
{
    private static readonly IReadOnlyList<ToolParameter> Schema =
    [
        new("ms", ParameterType.Integer, Required: true, Description: "milliseconds", Minimum: 0, Maximum: 1000),
        new("mode", ParameterType.String, Default: "fast", AllowedValues: ["fast", "slow"]),
        new("ratio", ParameterType.Number),
        new("verbose", ParameterType.Boolean),
        new("target", ParameterType.Url),
        new("input", ParameterType.FilePath),
    ];

    [Fact]
    public void Strings_from_the_command_line_are_coerced_to_the_declared_types()
    {
        var result = Validate("""{"ms":"250","ratio":"0.5","verbose":"true"}""");

        Assert.Equal(250, result.GetInt64("ms"));
        Assert.Equal(0.5, result.GetDouble("ratio"));
        Assert.True(result.GetBoolean("verbose"));
    }

    [Fact]
    public void Defaults_are_applied_to_missing_optional_parameters()
    {
        Assert.Equal("fast", Validate("""{"ms":1}""").GetString("mode"));
    }

    [Fact]
    public void A_missing_required_parameter_is_named_with_its_type_and_an_example()
    {
        var problem = Fails("{}");

        Assert.Equal("missing-parameter", problem.Code);
        Assert.Contains("'ms'", problem.Message);
        Assert.Contains("integer", problem.Message);
        Assert.Contains(problem.SuggestedActions, a => a.Contains("--param ms="));
    }

    [Fact]
    public void An_ill_typed_parameter_is_named_with_the_expected_type()
    {
        var problem = Fails("""{"ms":"soon"}""");

        Assert.Equal("invalid-parameter-type", problem.Code);
        Assert.Contains("'ms'", problem.Message);
        Assert.Contains("an integer", problem.Message);
    }

    [Fact]
    public void An_unknown_parameter_gets_the_closest_known_name()
    {
        var problem = Fails("""{"ms":1,"mdoe":"slow"}""");

        Assert.Equal("unknown-parameter", problem.Code);
        Assert.Contains("did you mean 'mode'", problem.Message);
    }

    [Fact]
    public void Values_outside_the_allowed_set_or_range_are_rejected()
    {
        Assert.Equal("invalid-parameter", Fails("""{"ms":1,"mode":"medium"}""").Code);
        Assert.Contains("between 0 and 1000", Fails("""{"ms":5000}""").Message);
    }

    [Fact]
    public void A_nonexistent_file_is_named_with_its_full_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "ftr-no-such-file-" + Guid.NewGuid().ToString("N"));

        var problem = Fails($$"""{"ms":1,"input":"{{path}}"}""");

        Assert.Equal("file-not-found", problem.Code);
        Assert.Contains(path, problem.Message);
    }

    [Fact]
    public void Only_absolute_http_urls_are_accepted()
    {
        Assert.Equal("invalid-parameter-type", Fails("""{"ms":1,"target":"file:///etc/passwd"}""").Code);
        Assert.Equal("http://127.0.0.1:1/x", Validate("""{"ms":1,"target":"http://127.0.0.1:1/x"}""").GetString("target"));
    }

    [Fact]
    public void The_flaky_tool_lists_its_categories_when_given_an_unknown_one()
    {
        var problem = Assert.Throws<FtrProblemException>(() =>
            ParameterValidator.Validate("flaky", new FlakyTool().Parameters, (JsonObject)JsonNode.Parse("""{"category":"transeint"}""")!)).Problem;

        Assert.Contains("did you mean 'transient'", problem.Message);
    }

    private static ToolParameters Validate(string json) =>
        ParameterValidator.Validate("test", Schema, (JsonObject)JsonNode.Parse(json)!);

    private static FtrProblem Fails(string json) =>
        Assert.Throws<FtrProblemException>(() => Validate(json)).Problem;

    [Fact]
    public void Parameters_built_from_clr_values_validate_like_parsed_json()
    {
        var built = new JsonObject { ["failures"] = 2, ["category"] = "resource" };

        var validated = ParameterValidator.Validate("flaky", new FlakyTool().Parameters, built);

        Assert.Equal(2, validated.GetInt64("failures"));
        Assert.Equal("resource", validated.GetString("category"));
    }
}
