namespace FaultTolerantRunner.Embedding.Tests;

/// <summary>A directory of the embedding application's own (its SQLite journal lives there), removed after the test.</summary>
public sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ftr-embedding", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; the OS temp cleaner gets it.
        }
    }
}
