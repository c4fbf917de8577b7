using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Node.Api;

/// <summary><c>/api/errors/classify</c>: what the runner would do with an error, before it happens.</summary>
public static class ErrorsEndpoints
{
    private static readonly IReadOnlySet<string> Fields = new SortedSet<string>(StringComparer.Ordinal)
    {
        "exceptionType", "message", "innerExceptionType", "innerMessage", "httpStatus", "socketError", "exitCode", "stderr", "tool",
    };

    public static IEndpointRouteBuilder MapErrorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/errors/classify", ClassifyAsync);
        return app;
    }

    private static async Task<IResult> ClassifyAsync(HttpRequest request, IErrorClassifier classifier, CancellationToken cancellation)
    {
        var body = await RequestBody.ReadObjectAsync(request, Fields, cancellation);
        var type = RequestBody.OptionalString(body, "exceptionType", "\"System.Net.Http.HttpRequestException\"");
        var message = RequestBody.OptionalString(body, "message", "\"Connection refused\"");
        var innerType = RequestBody.OptionalString(body, "innerExceptionType", "\"System.Net.Sockets.SocketException\"");
        var innerMessage = RequestBody.OptionalString(body, "innerMessage", "\"Connection refused\"");
        var status = RequestBody.OptionalInt(body, "httpStatus", "503");
        var socket = RequestBody.OptionalInt(body, "socketError", "10061");
        var exit = RequestBody.OptionalInt(body, "exitCode", "137");
        var stderr = RequestBody.OptionalString(body, "stderr", "\"No space left on device\"");
        var tool = RequestBody.OptionalString(body, "tool", "\"http\"") ?? "any";
        if (type is null && message is null && innerType is null && innerMessage is null && status is null && socket is null && exit is null && stderr is null)
            throw new FtrProblemException(FtrProblem.Validation("nothing-to-classify",
                "give at least one of exceptionType, message, innerExceptionType, innerMessage, httpStatus, socketError, exitCode, stderr", null,
                "send e.g. {\"exceptionType\":\"System.IO.IOException\",\"message\":\"No space left on device\"}"));
        if (status is < 100 or > 599)
            throw new FtrProblemException(FtrProblem.Validation("invalid-field", $"httpStatus must be between 100 and 599 (got {status})", null, "send e.g. \"httpStatus\": 503"));

        var facts = ErrorFacts.FromReport(type, message, innerType, innerMessage, status, socket, exit, stderr);
        var result = classifier.Classify(facts);
        var guidance = CategoryGuidance.For(result.Category);
        var text = message ?? innerMessage ?? stderr ?? type ?? $"http {status}";
        return TypedResults.Json(new
        {
            category = Names.Of(result.Category),
            severity = Names.Of(result.Severity),
            retryable = result.Retryable,
            directive = result.Directive.ToString().ToLowerInvariant(),
            rule = result.Rule,
            fingerprint = Fingerprint.Of(tool, result.Category, text),
            userMessage = guidance.Message,
            suggestedActions = (result.Advice is null ? [] : new[] { result.Advice }).Concat(guidance.Actions),
        }, Json.Options);
    }
}
