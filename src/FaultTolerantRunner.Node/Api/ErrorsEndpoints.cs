using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Contracts;
using FaultTolerantRunner.Node.Commands;
using FaultTolerantRunner.Problems;
using FaultTolerantRunner.Taxonomy;
using static FaultTolerantRunner.Commands.CommandInput;

namespace FaultTolerantRunner.Node.Api;

/// <summary><c>/api/errors/classify</c>: what the runner would do with an error, before it happens.</summary>
public static class ErrorsEndpoints
{
    public static readonly CommandDefinition Classify = CommandDefinition.Post("classify", "What the runner would do with an error.", "/api/errors/classify",
        Switch("type", CommandValueType.Text, CommandInputLocation.Body, "Exception type, e.g. System.IO.IOException.", field: "exceptionType"),
        Switch("message", CommandValueType.Text, CommandInputLocation.Body, "Error message."),
        Switch("status", CommandValueType.Integer, CommandInputLocation.Body, "HTTP status code.", field: "httpStatus"));

    public static IEndpointRouteBuilder MapErrorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCommand(Classify, ClassifyAsync);
        return app;
    }

    private static async Task<IResult> ClassifyAsync(HttpRequest request, IErrorClassifier classifier, CancellationToken cancellation)
    {
        var r = await RequestBody.ReadAsync<ClassifyRequest>(request, cancellation);
        if (r is { ExceptionType: null, Message: null, InnerExceptionType: null, InnerMessage: null, HttpStatus: null, SocketError: null, ExitCode: null, Stderr: null })
            throw new FtrProblemException(FtrProblem.Validation("nothing-to-classify",
                "give at least one of exceptionType, message, innerExceptionType, innerMessage, httpStatus, socketError, exitCode, stderr", null,
                "send e.g. {\"exceptionType\":\"System.IO.IOException\",\"message\":\"No space left on device\"}"));
        if (r.HttpStatus is < 100 or > 599)
            throw new FtrProblemException(FtrProblem.Validation("invalid-field", $"httpStatus must be between 100 and 599 (got {r.HttpStatus})", null,
                "send e.g. \"httpStatus\": 503"));

        var facts = ErrorFacts.FromReport(r.ExceptionType, r.Message, r.InnerExceptionType, r.InnerMessage, r.HttpStatus, r.SocketError, r.ExitCode, r.Stderr);
        var result = classifier.Classify(facts);
        var guidance = CategoryGuidance.For(result.Category);
        var text = r.Message ?? r.InnerMessage ?? r.Stderr ?? r.ExceptionType ?? $"http {r.HttpStatus}";
        return TypedResults.Json(new ClassificationView(
            result.Category,
            result.Severity,
            result.Retryable,
            result.Directive.ToString().ToLowerInvariant(),
            result.Rule,
            Fingerprint.Of(r.Tool ?? "any", result.Category, text),
            guidance.Message,
            (result.Advice is null ? [] : new[] { result.Advice }).Concat(guidance.Actions).ToArray()), WireJson.Options);
    }
}
