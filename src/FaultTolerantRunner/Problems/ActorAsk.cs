using Akka.Actor;
using Akka.Hosting;
using FaultTolerantRunner.Taxonomy;

namespace FaultTolerantRunner.Problems;

/// <summary>
/// Asks an actor for a caller who waits for the answer (an HTTP request, an embedder's call): one timeout for every
/// such ask, and an answer that comes too late becomes a 503 problem saying what to do, not an exception.
/// </summary>
public static class ActorAsk
{
    /// <summary>Long enough for a task's acceptance to be journaled under load; short enough that a client is told.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <param name="what">Who is asked, for the message: "the error registry", "the task's entity".</param>
    /// <param name="onTimeout">A problem that says more than "retry" (e.g. whether a submission may have happened).</param>
    public static async Task<T> AskAsync<T>(this IActorRef actor, object message, string what, CancellationToken cancellation,
        Func<FtrProblem>? onTimeout = null)
    {
        try
        {
            return await actor.Ask<T>(message, Timeout, cancellation).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new FtrProblemException(onTimeout?.Invoke() ?? TimedOut(what), 503);
        }
    }

    public static async Task<T> AskAsync<T, TKey>(this IRequiredActor<TKey> actor, object message, string what, CancellationToken cancellation)
    {
        var target = await actor.GetAsync(cancellation).ConfigureAwait(false);
        return await target.AskAsync<T>(message, what, cancellation).ConfigureAwait(false);
    }

    private static FtrProblem TimedOut(string what) =>
        FtrProblem.Transient("ask-timeout", Severity.Medium, $"{what} did not answer within {Timeout.TotalSeconds:0} s",
            "retry in a moment", "check the node's readiness: GET /health/ready");
}
