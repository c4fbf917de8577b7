using System.Collections.Concurrent;

namespace FaultTolerantRunner.Embedding.Tests;

/// <summary>A service of the embedding application that its handler depends on; counts the attempts per customer.</summary>
public sealed class InvoiceLedger
{
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    public void Attempted(string customer) => _attempts.AddOrUpdate(customer, 1, (_, n) => n + 1);

    public int AttemptsFor(string customer) => _attempts.GetValueOrDefault(customer);
}
