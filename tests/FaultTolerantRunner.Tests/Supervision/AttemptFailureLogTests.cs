using Akka.Event;
using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tasks;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tests.Supervision;

/// <summary>The failed-attempt line and its level rules, without actors: what an operator reads for each failure.</summary>
public sealed class AttemptFailureLogTests
{
    private static readonly TaskError Transient =
        new("HttpRequestException", "connection refused", ErrorCategory.Transient, Severity.Low, "network", null, Directive.Restart, "a1b2c3");

    [Fact]
    public void A_retried_failure_reads_as_its_classification_and_the_retry_with_its_delay()
    {
        var verdict = new FailureVerdict(Directive.Restart, true, TimeSpan.FromMilliseconds(941.4), 1, "transient retry 1 of 5");

        Assert.Equal("task t-1: attempt 1 failed: transient/low (rule network, fingerprint a1b2c3): connection refused; retry in 941 ms (transient retry 1 of 5)",
            AttemptFailureLog.Line("t-1", 1, Transient, verdict));
    }

    [Fact]
    public void A_final_failure_says_why_there_is_no_retry_and_a_missing_rule_or_fingerprint_reads_none()
    {
        var permanent = Transient with { Category = ErrorCategory.Permanent, Severity = Severity.Medium, Rule = null, Fingerprint = null };
        var verdict = new FailureVerdict(Directive.Stop, false, TimeSpan.Zero, 0, "permanent errors are not retried");

        Assert.Equal("task t-2: attempt 3 failed: permanent/medium (rule none, fingerprint none): connection refused; no retry (permanent errors are not retried)",
            AttemptFailureLog.Line("t-2", 3, permanent, verdict));
        Assert.EndsWith("; no verdict: the attempts stopped first", AttemptFailureLog.Line("t-2", 3, permanent, null));
    }

    [Fact]
    public void A_message_with_braces_is_written_as_it_is()
    {
        var json = Transient with { Message = "bad body {\"id\":1}" };

        Assert.Contains("): bad body {\"id\":1}; no verdict", AttemptFailureLog.Line("t-3", 1, json, null));
    }

    [Theory]
    [InlineData(ErrorCategory.Transient)]
    [InlineData(ErrorCategory.Resource)]
    [InlineData(ErrorCategory.Timeout)]
    [InlineData(ErrorCategory.External)]
    [InlineData(ErrorCategory.Validation)]
    [InlineData(ErrorCategory.Permanent)]
    public void An_expected_failure_is_information_without_its_stack(ErrorCategory category)
    {
        Assert.Equal(LogLevel.InfoLevel, AttemptFailureLog.LevelOf(category));
        Assert.False(AttemptFailureLog.KeepsStack(category));
    }

    [Fact]
    public void An_unknown_failure_is_a_warning_and_a_critical_one_an_error_both_with_the_stack()
    {
        Assert.Equal(LogLevel.WarningLevel, AttemptFailureLog.LevelOf(ErrorCategory.Unknown));
        Assert.Equal(LogLevel.ErrorLevel, AttemptFailureLog.LevelOf(ErrorCategory.Critical));
        Assert.True(AttemptFailureLog.KeepsStack(ErrorCategory.Unknown));
        Assert.True(AttemptFailureLog.KeepsStack(ErrorCategory.Critical));
    }
}
