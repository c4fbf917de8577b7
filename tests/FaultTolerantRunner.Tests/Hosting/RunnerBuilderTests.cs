using Akka.Hosting;
using FaultTolerantRunner.Breakers;
using FaultTolerantRunner.Hosting;
using FaultTolerantRunner.Taxonomy;
using Microsoft.Extensions.DependencyInjection;

namespace FaultTolerantRunner.Tests.Hosting;

/// <summary>The one embedding call and its registrations, checked on the service collection (no actor system started).</summary>
public sealed class RunnerBuilderTests
{
    private static readonly ClassificationRule QuotaIsFinal = new()
    {
        Id = "billing.quota",
        Priority = 800,
        Category = ErrorCategory.Permanent,
        Message = ClassificationRule.Pattern("quota exceeded"),
    };

    [Fact]
    public void A_classification_rule_added_after_the_call_decides_what_the_registered_classifier_answers()
    {
        var services = new ServiceCollection();
        services.AddFaultTolerantRunner().WithClassificationRule(QuotaIsFinal);

        var classifier = services.BuildServiceProvider().GetRequiredService<IErrorClassifier>();

        var classification = classifier.Classify(new InvalidOperationException("quota exceeded for tenant 7"));
        Assert.Equal(ErrorCategory.Permanent, classification.Category);
        Assert.Equal("billing.quota", classification.Rule);
    }

    [Fact]
    public void A_rule_with_the_id_of_a_default_rule_replaces_it()
    {
        var builder = new ServiceCollection().AddFaultTolerantRunner();
        var count = builder.Options.Rules.Count;

        builder.WithClassificationRule(QuotaIsFinal with { Id = "transient.throttling" });

        Assert.Equal(count, builder.Options.Rules.Count);
        Assert.Equal(ErrorCategory.Permanent, builder.Options.Rules.Single(r => r.Id == "transient.throttling").Category);
    }

    [Fact]
    public void A_rule_that_would_match_everything_is_refused_naming_it()
    {
        var builder = new ServiceCollection().AddFaultTolerantRunner();

        var error = Assert.Throws<RunnerConfigurationException>(() =>
            builder.WithClassificationRule(new ClassificationRule { Id = "all", Priority = 1, Category = ErrorCategory.Permanent }));

        Assert.Equal("WithClassificationRule(\"all\")", error.Key);
    }

    [Fact]
    public void A_guarded_service_gets_its_own_breaker_options_starting_from_the_defaults()
    {
        var services = new ServiceCollection();
        services.AddFaultTolerantRunner().WithGuardedService("payments", b => b with { FailureRatio = 0.2 });

        var settings = services.BuildServiceProvider().GetRequiredService<BreakerSettings>();

        Assert.Equal(0.2, settings.For("payments").FailureRatio);
        Assert.Equal(BreakerDefaults.MinimumThroughput, settings.For("payments").MinimumThroughput);
        Assert.Equal(BreakerDefaults.FailureRatio, settings.For("search").FailureRatio);
    }

    [Fact]
    public void Bad_breaker_options_of_a_guarded_service_are_refused_naming_the_service_and_the_setting()
    {
        var builder = new ServiceCollection().AddFaultTolerantRunner();

        var error = Assert.Throws<RunnerConfigurationException>(() => builder.WithGuardedService("payments", b => b with { FailureRatio = 2 }));

        Assert.Equal("WithGuardedService(\"payments\"):FailureRatio", error.Key);
    }

    [Fact]
    public void The_runner_creates_the_actor_system_so_an_earlier_AddAkka_is_refused_with_the_way_out()
    {
        var services = new ServiceCollection();
        services.AddAkka("mine", (_, _) => { });

        var error = Assert.Throws<InvalidOperationException>(() => services.AddFaultTolerantRunner());

        Assert.Contains(".WithAkka(", error.Message);
    }

    [Fact]
    public void A_second_call_is_refused()
    {
        var services = new ServiceCollection();
        services.AddFaultTolerantRunner();

        Assert.Throws<InvalidOperationException>(() => services.AddFaultTolerantRunner());
    }
}
