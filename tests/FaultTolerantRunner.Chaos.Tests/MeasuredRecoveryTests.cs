using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Chaos.Tests.Support;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Chaos.Tests;

/// <summary>
/// Recovery measured, not asserted by example: transient faults injected at a per-attempt rate r with a budget of five
/// attempts must let 1 - r⁵ of the tasks succeed (within what chance explains for the sample), use no more than five
/// attempts, and journal every recovery action before the attempt it shapes (see <see cref="RecoveryAudit"/>).
/// Two nodes on PostgreSQL: level 4 of progressive recovery relocates the next attempt to another Up member, and with a
/// single node it would fall through to level 5 and dead-letter a task before its budget is spent, which is not the
/// model measured here; two nodes also put the journal and sharding on the real cluster path. The chaos switch is set on
/// every node, so the measurement holds whether switches are one node's or the cluster's.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class MeasuredRecoveryTests(ITestOutputHelper output)
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Per rate. 200 keeps the suite, start-up included, under two minutes on the shared 2-core box. At that size the share
    /// rejects missing retries or a budget of two attempts at every rate (r = 0.3: 18 failures expected, at most 5 allowed),
    /// the mean attempts put the injected rate within about ±0.1 of r; the budget itself is checked task by task
    /// (none over five attempts, every failed one exactly five).
    /// </summary>
    private const int TasksPerRate = 200;

    /// <summary>How far from the model chance may take a figure (as exact binomial tails for the share, see <see cref="BinomialBound"/>).</summary>
    private const double Sigmas = 4;

    private const string Tool = "echo";

    private static readonly double[] Rates = [0.1, 0.2, 0.3];

    private static readonly string[] Settings =
    [
        $"--Retry:Transient:MaxRetries={MaxAttempts - 1}",
        "--Retry:Transient:BaseDelay=00:00:00.010",
        "--Retry:Transient:MaxDelay=00:00:00.050",
        // Only the retry budget ends a task here: a task's own recoveries (at most MaxAttempts - 1) never reach level 5.
        $"--Recovery:DeadLetterAfterRecoveries={MaxAttempts}",
    ];

    private sealed record Measured(double Rate, int Tasks, int Succeeded, int MaxUsed, double MeanAttempts, double FaultShare, RecoveryAudit Audit,
        List<string> Wrong, List<string> OverBudget);

    [PostgresFact(Timeout = 300_000)]
    public async Task Transient_faults_at_rate_r_leave_one_minus_r_to_the_fifth_succeeding_with_every_recovery_journaled_first()
    {
        var clock = Stopwatch.StartNew();
        await using var database = await PostgresDatabase.CreateAsync();
        await using var cluster = new NodeCluster(database, 2, Settings);
        await cluster.StartManyAsync(0, 1);
        await cluster.ConvergedAsync(TimeSpan.FromSeconds(60));

        var measured = new List<Measured>();
        foreach (var rate in Rates)
        {
            var phase = Stopwatch.StartNew();
            measured.Add(await MeasureAsync(cluster, database, rate));
            Report.Progress(output, $"measured r = {rate}: {measured[^1].Succeeded}/{TasksPerRate} succeeded in {phase.Elapsed.TotalSeconds:0} s");
        }

        Report.Write(output, $"Measured recovery (2 nodes + PostgreSQL; transient faults at rate r per attempt, {MaxAttempts} attempts)",
        [
            .. measured.SelectMany(Describe),
            $"bounds: the share within the exact binomial range of {Sigmas:0}σ tails (p = {2 * MathNet.Numerics.Distributions.Normal.CDF(0, 1, -Sigmas):0.0e0}) " +
            $"around 1 - r^{MaxAttempts} for {TasksPerRate} tasks; mean attempts within {Sigmas:0} standard errors; 95 % Wilson intervals",
            $"took {clock.Elapsed.TotalSeconds:0} s",
        ]);

        foreach (var m in measured)
        {
            var model = new RetryModel(m.Rate, MaxAttempts);
            Assert.True(m.Wrong.Count == 0, $"r = {m.Rate}: tasks that ended other than succeeded or dead-lettered after a spent budget:\n{string.Join("\n", m.Wrong.Take(10))}");
            Assert.True(m.OverBudget.Count == 0, $"r = {m.Rate}: tasks over {MaxAttempts} attempts: {string.Join(", ", m.OverBudget.Take(10))}");
            var (low, high) = BinomialBound.Counts(m.Tasks, 1 - model.SuccessShare, Sigmas);
            var failed = m.Tasks - m.Succeeded;
            Assert.True(failed >= low && failed <= high,
                $"r = {m.Rate}: {failed} of {m.Tasks} tasks failed; 1 - r^{MaxAttempts} = {model.SuccessShare:0.00000} allows {low}..{high}");
            var attemptsBound = Sigmas * model.AttemptsStandardDeviation / Math.Sqrt(m.Tasks);
            Assert.True(Math.Abs(m.MeanAttempts - model.MeanAttempts) <= attemptsBound,
                $"r = {m.Rate}: mean attempts {m.MeanAttempts:0.000}, the model's {model.MeanAttempts:0.000} ± {attemptsBound:0.000}");
            Assert.True(m.Audit.Violations.Count == 0, $"r = {m.Rate}: recovery actions not journaled before they ran:\n{string.Join("\n", m.Audit.Violations.Take(10))}");
            Assert.Equal(1.0, m.Audit.Share);
            // The model holds only for the faults we inject: any other failure (a timeout under load, an interruption) would skew it.
            Assert.All(m.Audit.Failures.Keys, kind => Assert.Contains($"chaos: connection refused ({Tool})", kind, StringComparison.Ordinal));
            Assert.Equal(0, m.Audit.Interruptions);
            Assert.True(m.Audit.Actions > 0, $"r = {m.Rate}: no recovery action in {m.Tasks} task journals: were faults injected?");
        }
    }

    /// <summary>The audit can fail: a retry that starts before its decision is journaled, or with none, is counted against the share.</summary>
    [Fact]
    public void The_audit_counts_a_retry_started_before_its_journaled_decision_against_the_share()
    {
        var t = DateTimeOffset.Parse("2026-12-03T10:00:00Z", CultureInfo.InvariantCulture);
        var inOrder = new RecoveryAudit();
        inOrder.Read("a", [Started(1, 1, t), Failed(3, 1, t.AddMilliseconds(5), retryAt: t.AddMilliseconds(20)), Planned(4, t.AddMilliseconds(6)), Started(5, 2, t.AddMilliseconds(20))]);
        Assert.Equal((2, 0, 0, 1.0), (inOrder.JournaledBefore, inOrder.NotBefore, inOrder.UndecidedRetries, inOrder.Share));

        var startedFirst = new RecoveryAudit();
        startedFirst.Read("b", [Started(1, 1, t), Started(2, 2, t.AddMilliseconds(1)), Failed(3, 1, t.AddMilliseconds(5), retryAt: t.AddMilliseconds(20))]);
        Assert.Equal((0, 1, 1), (startedFirst.JournaledBefore, startedFirst.NotBefore, startedFirst.UndecidedRetries));
        Assert.Equal(0.0, startedFirst.Share);

        var rerun = new RecoveryAudit(); // an interrupted attempt run again is a journaled decision too, not an undecided retry
        rerun.Read("d", [Started(1, 1, t), new(2, "AttemptInterrupted", new JsonObject { ["attempt"] = 1, ["reason"] = "node left", ["at"] = t, ["retryAt"] = t.AddMilliseconds(9) }),
            Started(3, 2, t.AddMilliseconds(9))]);
        Assert.Equal((1, 0, 0, 1), (rerun.JournaledBefore, rerun.NotBefore, rerun.UndecidedRetries, rerun.Interruptions));

        var early = new RecoveryAudit();
        early.Read("c", [Started(1, 1, t), Failed(3, 1, t.AddMilliseconds(5), retryAt: t.AddMilliseconds(50)), Started(4, 2, t.AddMilliseconds(10))]);
        Assert.Equal(1, early.EarlyRetries);
        Assert.NotEmpty(early.Violations);
    }

    [Fact]
    public void The_chance_bound_at_four_sigma_allows_up_to_five_failures_of_200_at_r_equal_to_0_3()
    {
        var model = new RetryModel(0.3, MaxAttempts);
        Assert.Equal(1 - 0.00243, model.SuccessShare, 10);
        Assert.Equal((0, 5), BinomialBound.Counts(200, 1 - model.SuccessShare, Sigmas));
        Assert.Equal((0, 1), BinomialBound.Counts(200, Math.Pow(0.1, MaxAttempts), Sigmas));
        Assert.Equal(1.0, Enumerable.Range(1, MaxAttempts).Sum(model.AttemptsProbability), 12);
    }

    private static JournalEntry Started(long sequence, int attempt, DateTimeOffset at) =>
        new(sequence, "AttemptStarted", new JsonObject { ["attempt"] = attempt, ["node"] = "n", ["at"] = at });

    private static JournalEntry Failed(long sequence, int attempt, DateTimeOffset at, DateTimeOffset retryAt) =>
        new(sequence, "AttemptFailed", new JsonObject { ["attempt"] = attempt, ["retryAt"] = retryAt, ["at"] = at,
            ["error"] = new JsonObject { ["type"] = "System.Net.Http.HttpRequestException", ["message"] = "chaos: connection refused (echo)" } });

    private static JournalEntry Planned(long sequence, DateTimeOffset at) =>
        new(sequence, "RecoveryPlanned", new JsonObject { ["fingerprint"] = "f", ["level"] = 1, ["strategy"] = "backoff", ["action"] = "retry", ["at"] = at });

    private async Task<Measured> MeasureAsync(NodeCluster cluster, PostgresDatabase database, double rate)
    {
        // Replaces the previous rate's switch; the previous tasks are all terminal by now, so no attempt sees two rates.
        foreach (var node in cluster.Running)
        {
            using var response = await cluster.Http(node).PostAsJsonAsync($"/api/chaos/{Tool}", new JsonObject { ["category"] = "transient", ["rate"] = rate });
            Assert.True(response.IsSuccessStatusCode, $"chaos on node {node}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        var book = new TaskBook();
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(Enumerable.Range(0, TasksPerRate).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var body = new JsonObject { ["tool"] = Tool, ["parameters"] = new JsonObject { ["text"] = $"r{rate}-{i}" } };
                await book.SubmitAsync(cluster, i % cluster.Size, $"r{rate}", "Succeeded", body);
            }
            finally
            {
                gate.Release();
            }
        }));
        Report.Progress(output, $"r = {rate}: {TasksPerRate} tasks accepted");
        // Outcomes straight from the journal, the source of truth: polling 200 tasks over HTTP stalls behind the shard
        // hand-offs of a young cluster's first rebalance (each ask then waits out its timeout), the journal does not.
        var ids = book.Accepted.Select(t => t.Id).ToList();
        await Eventually.Until(() => database.EndedCountAsync(ids), ended => ended == ids.Count,
            TimeSpan.FromSeconds(150), $"all {ids.Count} tasks of r = {rate} ended in the journal");
        var journals = await database.TaskJournalsAsync(ids);
        Assert.Equal(ids.Count, journals.Count);

        var audit = new RecoveryAudit();
        foreach (var (id, journal) in journals) audit.Read(id, journal);
        var outcomes = journals.ToDictionary(j => j.Key, j => Outcome(j.Value));
        var attempts = outcomes.Values.Select(o => o.Attempts).ToList();
        var succeeded = outcomes.Values.Count(o => o.End == "AttemptSucceeded");
        // A task that did not succeed must have spent its whole budget on transient faults and be in the dead-letter queue.
        var wrong = outcomes.Where(o => o.Value.End != "AttemptSucceeded"
                                        && (o.Value.End != "TaskDeadLettered" || o.Value.Attempts != MaxAttempts || o.Value.Category != "transient"))
            .Select(o => $"{o.Key}: {o.Value.End} after {o.Value.Attempts} attempts ({o.Value.Category}: {o.Value.Reason})").ToList();
        var overBudget = outcomes.Where(o => o.Value.Attempts > MaxAttempts).Select(o => $"{o.Key} ({o.Value.Attempts})").ToList();
        var total = attempts.Sum();
        return new Measured(rate, outcomes.Count, succeeded, attempts.Max(), attempts.Average(), (double)(total - succeeded) / total, audit, wrong, overBudget);
    }

    /// <summary>How a task ended, as its journal says: the terminal event, the attempts started, the final error's category and reason.</summary>
    private static (string End, int Attempts, string? Category, string? Reason) Outcome(List<JournalEntry> journal)
    {
        var end = journal.Last(e => PostgresTaskJournals.TerminalEvents.Contains(e.Manifest));
        return (end.Manifest, journal.Count(e => e.Manifest == "AttemptStarted"), (string?)end.Event["error"]?["category"], (string?)end.Event["reason"]);
    }

    private static IEnumerable<string> Describe(Measured m)
    {
        var model = new RetryModel(m.Rate, MaxAttempts);
        var share = (double)m.Succeeded / m.Tasks;
        var (ciLow, ciHigh) = BinomialBound.Wilson(m.Succeeded, m.Tasks);
        var (low, high) = BinomialBound.Counts(m.Tasks, 1 - model.SuccessShare, Sigmas);
        var a = m.Audit;
        var plans = string.Join(", ", a.PlansByLevel.Select(p => $"L{p.Key} {p.Value}"));
        yield return string.Create(CultureInfo.InvariantCulture,
            $"r = {m.Rate:0.0}: {m.Succeeded}/{m.Tasks} succeeded = {100 * share:0.0} % (95 % CI {100 * ciLow:0.0}-{100 * ciHigh:0.0} %), " +
            $"expected 1 - r^{MaxAttempts} = {100 * model.SuccessShare:0.000} % (chance allows {100.0 * (m.Tasks - high) / m.Tasks:0.0}-{100.0 * (m.Tasks - low) / m.Tasks:0.0} %)");
        yield return string.Create(CultureInfo.InvariantCulture,
            $"         attempts: mean {m.MeanAttempts:0.000} (model {model.MeanAttempts:0.000} ± {Sigmas * model.AttemptsStandardDeviation / Math.Sqrt(m.Tasks):0.000}), " +
            $"max {m.MaxUsed} of {MaxAttempts}; faults measured per attempt {m.FaultShare:0.000}");
        yield return string.Create(CultureInfo.InvariantCulture,
            $"         recovery actions journaled before the attempt they shaped: {a.JournaledBefore}/{a.Actions + a.UndecidedRetries} = {100 * a.Share:0.0} % " +
            $"({a.RetryDecisions} retry decisions, plans {(plans.Length == 0 ? "none" : plans)}); retries before their journaled time: {a.EarlyRetries}");
        yield return $"         failed attempts: {string.Join("; ", a.Failures.Select(f => $"{f.Value} x {f.Key}"))}; interrupted: {a.Interruptions}";
    }
}
