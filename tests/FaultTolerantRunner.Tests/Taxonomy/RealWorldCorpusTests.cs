using System.Text;
using System.Text.Json;
using FaultTolerantRunner.Taxonomy;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Tests.Taxonomy;

/// <summary>
/// The real-world corpus (Corpora/real-world.json): errors as .NET, HttpClient, sockets, gRPC, databases, cloud SDKs,
/// Kubernetes, Python/Node/Java processes, ML frameworks and validation libraries print them, each citing where its
/// kind comes from. The default rules must classify at least 98 % of it; the confusion matrix goes to the test output
/// and to a file beside the test assembly, so a regression shows which categories it confuses.
/// </summary>
public sealed class RealWorldCorpusTests(ITestOutputHelper output)
{
    private const string File = "real-world.json";

    private sealed record Case(string Id, string Source, string? ExceptionType, string? Message, string? InnerExceptionType,
        string? InnerMessage, int? HttpStatus, int? SocketError, int? ExitCode, string? Stderr, string Expected);

    private static List<Case> Load() => JsonSerializer.Deserialize<List<Case>>(
        System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Taxonomy", "Corpora", File)),
        new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    [Fact]
    public void The_default_rules_classify_at_least_98_percent_of_the_real_world_corpus_correctly()
    {
        var cases = Load();
        var matrix = new ConfusionMatrix();
        var wrong = new List<string>();
        foreach (var c in cases)
        {
            var facts = ErrorFacts.FromReport(c.ExceptionType, c.Message, c.InnerExceptionType, c.InnerMessage, c.HttpStatus, c.SocketError, c.ExitCode, c.Stderr);
            var result = RuleBasedClassifier.Default.Classify(facts);
            var actual = Names.Of(result.Category);
            matrix.Add(c.Expected, actual);
            if (actual != c.Expected) wrong.Add($"{c.Id}: expected {c.Expected}, got {actual} by {result.Rule} ({c.Source[..Math.Min(40, c.Source.Length)]}…)");
        }

        var report = new StringBuilder()
            .AppendLine($"{File}: {cases.Count} cases, {matrix.Correct} correct ({matrix.Accuracy:P1})")
            .AppendLine()
            .Append(matrix.Render())
            .AppendLine()
            .AppendLine(wrong.Count == 0 ? "misclassified: none" : "misclassified:")
            .AppendJoin('\n', wrong).ToString();
        output.WriteLine(report);
        var written = Path.Combine(AppContext.BaseDirectory, "TestResults", "real-world-confusion.md");
        Directory.CreateDirectory(Path.GetDirectoryName(written)!);
        System.IO.File.WriteAllText(written, report + "\n");
        output.WriteLine($"written to {written}");

        Assert.True(cases.Count >= 400, $"the corpus must hold at least 400 cases, it holds {cases.Count}");
        Assert.True(matrix.Accuracy >= 0.98, $"accuracy {matrix.Accuracy:P1} over {cases.Count} cases; misclassified:\n{string.Join("\n", wrong)}");
    }

    [Fact]
    public void Every_case_is_labelled_with_a_known_category_cites_its_source_and_has_a_unique_id()
    {
        var cases = Load();
        var categories = Enum.GetValues<ErrorCategory>().Select(Names.Of).ToHashSet();

        Assert.All(cases, c =>
        {
            Assert.Contains(c.Expected, categories);
            Assert.False(string.IsNullOrWhiteSpace(c.Source), $"{c.Id} cites no source");
            Assert.True(c.ExceptionType is not null || c.Message is not null || c.Stderr is not null || c.ExitCode is not null
                || c.HttpStatus is not null || c.SocketError is not null, $"{c.Id} describes no error");
        });
        Assert.Empty(cases.GroupBy(c => c.Id).Where(g => g.Count() > 1).Select(g => g.Key));
        // Every category is exercised, so a matrix row cannot be empty by omission.
        Assert.Equal(categories.Order(), cases.Select(c => c.Expected).Distinct().Order());
    }
}
