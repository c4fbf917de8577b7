namespace FaultTolerantRunner.Contracts;

/// <summary>The body of <c>POST /api/errors/classify</c>: what is known about an error (at least one field).</summary>
public sealed record ClassifyRequest(
    [property: Example("\"System.Net.Http.HttpRequestException\"")] string? ExceptionType = null,
    [property: Example("\"Connection refused\"")] string? Message = null,
    [property: Example("\"System.Net.Sockets.SocketException\"")] string? InnerExceptionType = null,
    [property: Example("\"Connection refused\"")] string? InnerMessage = null,
    [property: Example("503")] int? HttpStatus = null,
    [property: Example("10061")] int? SocketError = null,
    [property: Example("137")] int? ExitCode = null,
    [property: Example("\"No space left on device\"")] string? Stderr = null,
    [property: Example("\"http\"")] string? Tool = null);
