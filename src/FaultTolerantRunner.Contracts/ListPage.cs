namespace FaultTolerantRunner.Contracts;

/// <summary>
/// The one envelope of every list the node answers: a page of <see cref="Items"/> out of <see cref="Total"/>, and the
/// offset of the next page (absent on the last). <see cref="Complete"/> is false while the source is still filling
/// (a task index catching up with the journal after a start): the list may then miss entries.
/// </summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, int Total, int Offset, int Limit, int? NextOffset, bool Complete = true)
{
    /// <summary>A page of items already cut by the source, which reports the total it matched.</summary>
    public static ListPage<T> Of(IReadOnlyList<T> items, int total, int offset, int limit, bool complete = true) =>
        new(items, total, offset, limit, offset + items.Count < total ? offset + items.Count : null, complete);

    /// <summary>A page cut from a list held whole in memory.</summary>
    public static ListPage<T> Slice(IReadOnlyList<T> all, int offset, int limit, bool complete = true) =>
        Of(all.Skip(offset).Take(limit).ToArray(), all.Count, offset, limit, complete);
}
