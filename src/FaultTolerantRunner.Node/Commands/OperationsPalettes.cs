using FaultTolerantRunner.Commands;
using static FaultTolerantRunner.Commands.CommandInput;

namespace FaultTolerantRunner.Node.Commands;

/// <summary>The operations palettes: <c>breakers</c>, <c>recovery</c>, <c>errors</c> and <c>chaos</c>.</summary>
public static class OperationsPalettes
{
    private static readonly CommandInput Service = Argument("name", "The guarded service, e.g. payments or api.example.com:443.");
    private static readonly CommandInput Fingerprint = Argument("fingerprint", "An error fingerprint (from ftr errors list).");
    private static readonly CommandInput ErrorId = Argument("id", "An error id (from ftr errors list).");

    public static readonly CommandPalette Breakers = new("breakers", "Circuit breakers per guarded service: state, window, manual trip and reset.",
    [
        CommandDefinition.Get("list", "All breakers on this node.", "/api/breakers") with { Columns = ["service", "state", "forced", "nextHalfOpenAt"] },
        CommandDefinition.Get("show", "One breaker with its window and transitions.", "/api/breakers/{name}", Service),
        CommandDefinition.Post("trip", "Open a breaker by hand (calls fail fast until reset).", "/api/breakers/{name}/trip", Service),
        CommandDefinition.Post("reset", "Close a breaker by hand.", "/api/breakers/{name}/reset", Service),
    ]);

    public static readonly CommandPalette Recovery = new("recovery", "Progressive recovery: current level per fingerprint, history, strategy scores.",
    [
        CommandDefinition.Get("levels", "The recovery level of every fingerprint.", "/api/recovery/levels") with
            { Columns = ["fingerprint", "category", "tool", "level", "updatedAt"] },
        CommandDefinition.Get("show", "One fingerprint's level, history and strategies.", "/api/recovery/levels/{fingerprint}", Fingerprint),
        CommandDefinition.Post("reset", "Reset a fingerprint to level 1.", "/api/recovery/levels/{fingerprint}/reset", Fingerprint),
        CommandDefinition.Get("metrics", "Recovery performance per strategy.", "/api/recovery/metrics") with
            { Columns = ["category", "level", "strategy", "attempts", "successes", "successRate", "meanRecoveryMs", "score"] },
    ]);

    public static readonly CommandPalette Errors = new("errors", "The error registry: grouped errors, details, resolution, classification.",
    [
        CommandDefinition.Get("list", "Errors grouped by fingerprint.", "/api/errors",
            Switch("category", CommandValueType.Text, CommandInputLocation.Query, "Only this category."),
            Switch("severity", CommandValueType.Text, CommandInputLocation.Query, "Only this severity."),
            Switch("tool", CommandValueType.Text, CommandInputLocation.Query, "Only this tool."),
            Switch("since", CommandValueType.Text, CommandInputLocation.Query, "Only seen since (ISO 8601)."),
            Switch("status", CommandValueType.Text, CommandInputLocation.Query, "Only open or resolved errors.")) with
            { Columns = ["id", "category", "severity", "tool", "count", "lastSeen", "status", "message"] },
        CommandDefinition.Get("show", "One error with its occurrences.", "/api/errors/{id}", ErrorId),
        CommandDefinition.Post("resolve", "Mark an error resolved.", "/api/errors/{id}/resolve", ErrorId),
        CommandDefinition.Get("top", "The ten most frequent errors.", "/api/errors?sort=count&limit=10") with
            { Columns = ["id", "category", "severity", "tool", "count", "lastSeen", "message"] },
        CommandDefinition.Post("classify", "What the runner would do with an error.", "/api/errors/classify",
            Switch("type", CommandValueType.Text, CommandInputLocation.Body, "Exception type, e.g. System.IO.IOException.", field: "exceptionType"),
            Switch("message", CommandValueType.Text, CommandInputLocation.Body, "Error message."),
            Switch("status", CommandValueType.Integer, CommandInputLocation.Body, "HTTP status code.", field: "httpStatus")),
    ]);

    public static readonly CommandPalette Chaos = new("chaos", "Fault injection per tool or guarded service, switchable at run time.",
    [
        CommandDefinition.Get("status", "The switches that are on.", "/api/chaos") with
            { Columns = ["target", "appliesTo", "category", "rate", "latencyMs", "enabledAt"] },
        CommandDefinition.Post("enable", "Fail a share of calls of a tool or service with an error of a category.", "/api/chaos/{target}",
            Argument("target", "A tool name or guarded service name."),
            Switch("category", CommandValueType.Text, CommandInputLocation.Body,
                "transient, timeout, external, resource, validation, permanent or critical.", required: true, alias: "-c"),
            Switch("rate", CommandValueType.Number, CommandInputLocation.Body, "Share of calls that fail, 0 to 1.", required: true, alias: "-r"),
            Switch("latency", CommandValueType.Integer, CommandInputLocation.Body, "Delay every call by this many ms.", field: "latencyMs")),
        new("disable", "Switch faults off for a tool or service.", "DELETE", "/api/chaos/{target}",
            [Argument("target", "A tool name or guarded service name.")]),
    ]);
}
