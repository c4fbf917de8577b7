using FaultTolerantRunner.Recovery;

namespace FaultTolerantRunner.Tests.Recovery;

public sealed class StrategySelectorTests
{
    private static readonly string[] Level1 = [RecoveryStrategies.Backoff, RecoveryStrategies.DecorrelatedJitter];

    [Fact]
    public void Untried_strategies_are_tried_first_in_catalogue_order()
    {
        var options = new RecoveryOptions { MinTrials = 2 };
        var records = new Dictionary<string, StrategyRecord>
        {
            [StrategySelector.Key(1, RecoveryStrategies.Backoff)] = new(1, RecoveryStrategies.Backoff, 2, 2, 100),
        };

        Assert.Equal(RecoveryStrategies.DecorrelatedJitter, StrategySelector.Choose(1, Level1, records, options, 0.99, 0));
    }

    [Fact]
    public void The_score_prefers_reliability_then_speed()
    {
        var scale = TimeSpan.FromSeconds(30);
        var reliableSlow = new StrategyRecord(1, "a", 20, 19, 19 * 20_000);
        var flakyFast = new StrategyRecord(1, "b", 20, 8, 8 * 1_000);
        var reliableFast = new StrategyRecord(1, "c", 20, 19, 19 * 1_000);

        Assert.True(reliableSlow.Score(scale) > flakyFast.Score(scale));
        Assert.True(reliableFast.Score(scale) > reliableSlow.Score(scale));
    }

    /// <summary>
    /// A synthetic workload with seeded randomness: "backoff" recovers 85 % of tasks in ~2 s, "decorrelated-jitter"
    /// 40 % in ~2 s. Selection must converge on the better one and still explore the other now and then.
    /// </summary>
    [Fact]
    public void Selection_converges_on_the_better_strategy_and_keeps_exploring()
    {
        var options = new RecoveryOptions { MinTrials = 2, Exploration = 0.1 };
        var success = new Dictionary<string, double> { [RecoveryStrategies.Backoff] = 0.85, [RecoveryStrategies.DecorrelatedJitter] = 0.40 };
        var random = new Random(20261123);
        var records = new Dictionary<string, StrategyRecord>();
        var lateChoices = new List<string>();

        for (var round = 0; round < 600; round++)
        {
            var chosen = StrategySelector.Choose(1, Level1, records, options, random.NextDouble(), random.NextDouble());
            var key = StrategySelector.Key(1, chosen);
            var record = records.GetValueOrDefault(key) ?? new StrategyRecord(1, chosen, 0, 0, 0);
            var recovered = random.NextDouble() < success[chosen];
            records[key] = recovered
                ? record with { Attempts = record.Attempts + 1, Successes = record.Successes + 1, TotalRecoveryMs = record.TotalRecoveryMs + 2_000 }
                : record with { Attempts = record.Attempts + 1 };
            if (round >= 400) lateChoices.Add(chosen);
        }

        var better = lateChoices.Count(c => c == RecoveryStrategies.Backoff) / (double)lateChoices.Count;
        Assert.InRange(better, 0.85, 0.99);
        Assert.Contains(RecoveryStrategies.DecorrelatedJitter, lateChoices);
    }

    [Fact]
    public void A_strategy_that_was_bad_once_gets_another_chance_through_exploration()
    {
        var options = new RecoveryOptions { MinTrials = 1, Exploration = 0.2 };
        var records = new Dictionary<string, StrategyRecord>
        {
            [StrategySelector.Key(1, RecoveryStrategies.Backoff)] = new(1, RecoveryStrategies.Backoff, 10, 9, 9_000),
            [StrategySelector.Key(1, RecoveryStrategies.DecorrelatedJitter)] = new(1, RecoveryStrategies.DecorrelatedJitter, 1, 0, 0),
        };

        Assert.Equal(RecoveryStrategies.Backoff, StrategySelector.Choose(1, Level1, records, options, 0.5, 0));
        Assert.Equal(RecoveryStrategies.DecorrelatedJitter, StrategySelector.Choose(1, Level1, records, options, 0.1, 0));
    }
}
