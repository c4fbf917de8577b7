using Akka.Actor;
using Akka.Hosting;
using FaultTolerantRunner.Problems;

namespace FaultTolerantRunner.Node.Api;

/// <summary>Asks an actor for an endpoint; a slow answer becomes a 503 problem that says what to do, not a 500.</summary>
public static class Ask
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<T> ActorAsync<T, TKey>(IRequiredActor<TKey> actor, object message, string what, CancellationToken cancellation)
    {
        try
        {
            return await (await actor.GetAsync(cancellation)).Ask<T>(message, Timeout, cancellation);
        }
        catch (AskTimeoutException)
        {
            throw new FtrProblemException(new FtrProblem("transient", "ask-timeout", "medium", $"{what} did not answer within {Timeout.TotalSeconds:0} s", null,
                ["retry in a moment", "check GET /health/ready"], Timestamp: DateTimeOffset.UtcNow), StatusCodes.Status503ServiceUnavailable);
        }
    }
}
