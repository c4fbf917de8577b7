using System.Text;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Tests.Taxonomy;

/// <summary>Expected × actual category counts over a labelled corpus, rendered as a Markdown table (rows: expected).</summary>
public sealed class ConfusionMatrix
{
    private static readonly string[] Categories = Enum.GetValues<ErrorCategory>().Select(Names.Of).ToArray();

    private readonly Dictionary<(string Expected, string Actual), int> _counts = [];

    public int Total { get; private set; }

    public int Correct { get; private set; }

    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    public void Add(string expected, string actual)
    {
        _counts[(expected, actual)] = Count(expected, actual) + 1;
        Total++;
        if (expected == actual) Correct++;
    }

    public int Count(string expected, string actual) => _counts.GetValueOrDefault((expected, actual));

    public string Render()
    {
        var text = new StringBuilder()
            .Append("| expected \\ actual | ").AppendJoin(" | ", Categories).AppendLine(" | total | recall |")
            .Append("| --- | ").AppendJoin(" | ", Categories.Select(_ => "---:")).AppendLine(" | ---: | ---: |");
        foreach (var expected in Categories)
        {
            var row = Categories.Select(actual => Count(expected, actual)).ToArray();
            var total = row.Sum();
            var recall = total == 0 ? "-" : $"{(double)Count(expected, expected) / total:P0}";
            text.Append("| ").Append(expected).Append(" | ")
                .AppendJoin(" | ", row.Select((n, i) => Categories[i] == expected ? $"**{n}**" : n == 0 ? "." : n.ToString()))
                .Append(" | ").Append(total).Append(" | ").Append(recall).AppendLine(" |");
        }
        return text.ToString();
    }
}
