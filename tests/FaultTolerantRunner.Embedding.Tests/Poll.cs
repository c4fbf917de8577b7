namespace FaultTolerantRunner.Embedding.Tests;

/// <summary>Waits for an observable outcome instead of sleeping: polls a condition until it holds or the patience runs out.</summary>
public static class Poll
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
