using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Problems;

namespace FaultTolerantRunner.Node.Dashboard;

/// <summary>How the task pages word a task's values: its errors as the standard problem, JSON indented, durations and short ids.</summary>
internal static class TaskPageText
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The API's error view of a task as the standard problem <c>ProblemBox</c> renders: the same fields, the same advice.</summary>
    public static FtrProblem Problem(TaskErrorView error) => new(error.Category, error.Code, error.Severity, error.Message, error.Details,
        error.SuggestedActions, error.RecoveryAttempted, error.RecoveryLevel, error.TaskId, error.Timestamp);

    public static string Json(JsonNode? node) => node is null ? "null" : node.ToJsonString(Indented);

    /// <summary>Ids are 32 hex characters; the first 8 tell tasks apart on one page (the full id is in the link's title).</summary>
    public static string ShortId(string id) => id.Length > 8 ? id[..8] : id;

    public static string Duration(double? ms) => ms switch
    {
        null => "—",
        < 1_000 => ms.Value.ToString("0", CultureInfo.InvariantCulture) + " ms",
        < 120_000 => (ms.Value / 1_000).ToString("0.0", CultureInfo.InvariantCulture) + " s",
        _ => (ms.Value / 60_000).ToString("0.0", CultureInfo.InvariantCulture) + " min",
    };
}
