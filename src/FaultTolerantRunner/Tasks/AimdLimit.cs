namespace FaultTolerantRunner.Tasks;

/// <summary>
/// How a tool's concurrency limit follows its resource failures (additive increase, multiplicative decrease): a resource
/// failure halves it, down to 1; each success grows it by one, back up to the configured limit. A node under pressure backs off by itself.
/// </summary>
public static class AimdLimit
{
    public static int AfterResourceFailure(int current) => Math.Max(1, current / 2);

    // Compared before adding: an unbounded keeper's limit is int.MaxValue, and + 1 would wrap it to a negative limit.
    public static int AfterSuccess(int current, int ceiling) => current >= ceiling ? ceiling : current + 1;
}
