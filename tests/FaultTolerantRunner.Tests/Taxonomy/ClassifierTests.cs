using System.Net;
using System.Net.Sockets;
using FaultTolerantRunner.Hosting;
using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tools.Processes;
using Microsoft.Extensions.Configuration;

namespace FaultTolerantRunner.Tests.Taxonomy;

public sealed class ClassifierTests
{
    private static readonly RuleBasedClassifier Classifier = RuleBasedClassifier.Default;

    public static TheoryData<Exception, ErrorCategory, string> LiveExceptions => new()
    {
        { new HttpRequestException("Connection refused (127.0.0.1:9)", new SocketException((int)SocketError.ConnectionRefused)), ErrorCategory.Transient, "transient.socket" },
        { new HttpRequestException("Response status code does not indicate success: 503 (Service Unavailable).", null, HttpStatusCode.ServiceUnavailable), ErrorCategory.Transient, "transient.http" },
        { new HttpRequestException("Response status code does not indicate success: 401 (Unauthorized).", null, HttpStatusCode.Unauthorized), ErrorCategory.Permanent, "permanent.http-auth" },
        { new HttpRequestException("Response status code does not indicate success: 500 (Internal Server Error).", null, HttpStatusCode.InternalServerError), ErrorCategory.External, "external.text" },
        { new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", new TimeoutException("The operation was canceled.")), ErrorCategory.Timeout, "timeout.httpclient" },
        { new IOException("No space left on device"), ErrorCategory.Resource, "resource.disk-full" },
        { new OutOfMemoryException(), ErrorCategory.Resource, "resource.memory-type" },
        { new ArgumentOutOfRangeException("amount"), ErrorCategory.Validation, "validation.type" },
        { new System.Text.Json.JsonException("'x' is an invalid start of a value."), ErrorCategory.Validation, "validation.type" },
        { new FileNotFoundException("Could not find file '/data/in.csv'.", "/data/in.csv"), ErrorCategory.Permanent, "permanent.sdk-type" },
        { new NotImplementedException(), ErrorCategory.Permanent, "permanent.unsupported-type" },
        { new AccessViolationException(), ErrorCategory.Critical, "critical.runtime" },
        { new InvalidOperationException("SQLite Error 11: 'database disk image is malformed'."), ErrorCategory.Critical, "critical.corruption" },
        { new InvalidOperationException("Sequence contains no elements"), ErrorCategory.Unknown, RuleBasedClassifier.UnmatchedRule },
        { new ProcessFailedException("train", 137, ""), ErrorCategory.Resource, "resource.oom-killed" },
        { new ProcessFailedException("convert", 127, "sh: 1: convert: not found"), ErrorCategory.Permanent, "permanent.text" },
        { new ProcessFailedException("tool", 126, ""), ErrorCategory.Permanent, "permanent.exit" },
        { new ProcessFailedException("py", 1, "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB"), ErrorCategory.Resource, "resource.memory-text" },
    };

    [Theory]
    [MemberData(nameof(LiveExceptions))]
    public void Each_default_rule_recognises_the_errors_it_is_for(Exception error, ErrorCategory category, string rule)
    {
        var result = Classifier.Classify(error);

        Assert.Equal(category, result.Category);
        Assert.Equal(rule, result.Rule);
    }

    /// <summary>The flaky tool's failures are what workloads and tests rely on: each must land in its own category.</summary>
    [Theory]
    [MemberData(nameof(FlakyCategories))]
    public void Every_flaky_failure_is_classified_as_the_category_it_simulates(string category)
    {
        var classification = RuleBasedClassifier.Default.Classify(FaultTolerantRunner.Tools.BuiltIn.FlakyTool.Failure(category, 1));

        Assert.Equal(category, Names.Of(classification.Category));
    }

    public static TheoryData<string> FlakyCategories() => new(FaultTolerantRunner.Tools.BuiltIn.FlakyTool.Categories.Where(c => c != "timeout"));

    [Fact]
    public void The_whole_chain_is_walked_including_every_aggregate_branch()
    {
        var error = new AggregateException(
            new InvalidOperationException("step 1 done"),
            new InvalidOperationException("step 2 failed", new IOException("wrapper", new SocketException((int)SocketError.ConnectionReset))));

        var result = Classifier.Classify(error);

        Assert.Equal(ErrorCategory.Transient, result.Category);
        Assert.Equal("transient.socket", result.Rule);
    }

    [Fact]
    public void Base_types_match_rules_written_for_them()
    {
        // ArgumentNullException derives from ArgumentException: the validation rule applies.
        Assert.Equal(ErrorCategory.Validation, Classifier.Classify(new ArgumentNullException("id")).Category);
    }

    [Fact]
    public void Higher_priority_wins_when_several_rules_match()
    {
        // Matches resource.disk-full (850) and the generic IOException fallback (90).
        Assert.Equal("resource.disk-full", Classifier.Classify(new IOException("write failed: No space left on device")).Rule);
    }

    [Fact]
    public void Directive_severity_and_retryability_follow_the_category()
    {
        var critical = Classifier.Classify(new AccessViolationException());
        var validation = Classifier.Classify(new FormatException());
        var transient = Classifier.Classify(new SocketException((int)SocketError.TimedOut));

        Assert.Equal((Directive.Escalate, Severity.Critical, false), (critical.Directive, critical.Severity, critical.Retryable));
        Assert.Equal((Directive.Stop, false), (validation.Directive, validation.Retryable));
        Assert.Equal((Directive.Restart, true), (transient.Directive, transient.Retryable));
    }

    [Fact]
    public void Configuration_adds_rules_and_overrides_defaults_by_id()
    {
        var rules = TaxonomyConfiguration.Load(Config(
            ("Taxonomy:Rules:billing-quota:Category", "resource"),
            ("Taxonomy:Rules:billing-quota:Priority", "2000"),
            ("Taxonomy:Rules:billing-quota:Message", "billing quota reached"),
            ("Taxonomy:Rules:transient.http:HttpStatuses", "503"),
            ("Taxonomy:Rules:transient.http:Severity", "high")), DefaultRules.All);
        var classifier = new RuleBasedClassifier(rules);

        Assert.Equal(("billing-quota", ErrorCategory.Resource), R(classifier.Classify(new InvalidOperationException("billing quota reached for acct 7"))));
        var overridden = classifier.Classify(ErrorFacts.FromReport(null, null, null, null, 503, null, null, null));
        Assert.Equal((Severity.High, "transient.http"), (overridden.Severity, overridden.Rule));
        Assert.NotEqual("transient.http", classifier.Classify(ErrorFacts.FromReport(null, null, null, null, 429, null, null, null)).Rule);
    }

    [Theory]
    [InlineData("Taxonomy:Rules:transient.http:Message", "(unclosed", "Taxonomy:Rules:transient.http:Message")]
    [InlineData("Taxonomy:Rules:x:Category", "flaky", "Taxonomy:Rules:x:Category")]
    [InlineData("Taxonomy:Rules:x:ExitCodes", "one", "Taxonomy:Rules:x:Category")]
    [InlineData("Taxonomy:Rules:transient.http:Priority", "high", "Taxonomy:Rules:transient.http:Priority")]
    public void An_invalid_rule_fails_at_start_naming_its_key(string key, string value, string named)
    {
        var error = Assert.Throws<RunnerConfigurationException>(() => TaxonomyConfiguration.Load(Config((key, value)), DefaultRules.All));

        Assert.StartsWith(named, error.Message);
    }

    private static (string, ErrorCategory) R(Classification c) => (c.Rule, c.Category);

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
