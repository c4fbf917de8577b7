using System.Net;
using System.Net.Sockets;

namespace FaultTolerantRunner.TestSupport;

/// <summary>
/// A loopback TCP port for settings that cannot take port 0 (seed-node addresses, a child node's URL), reserved for
/// the life of this test process.
/// </summary>
/// <remarks>
/// Asking the kernel for port 0 and releasing it is not enough: that port lies in the ephemeral range, and any outgoing
/// connection made before the node binds it (a PostgreSQL pool, an Akka association, an HTTP client) may be given the
/// same port as its local end, after which the node fails with "address already in use". So ports come from below the
/// ephemeral range (Linux starts it at 32768), and the test suites running in parallel keep off each other's ports by
/// holding an exclusive lock on one file per port; the kernel drops the locks when a process ends, however it ends.
/// </remarks>
public static class FreePort
{
    private const int First = 20000;
    private const int Last = 32000;
    private static readonly string LockDirectory = Path.Combine(Path.GetTempPath(), "ftr-test-ports");
    private static readonly List<FileStream> Held = [];
    private static readonly Lock Gate = new();

    public static int Next()
    {
        Directory.CreateDirectory(LockDirectory);
        lock (Gate)
        {
            var start = Random.Shared.Next(First, Last + 1);
            for (var i = 0; i <= Last - First; i++)
            {
                var port = First + (start - First + i) % (Last - First + 1);
                if (TryReserve(port)) return port;
            }
        }
        throw new InvalidOperationException($"no free loopback port between {First} and {Last}: every one is bound or reserved by another test process (lock files in {LockDirectory})");
    }

    private static bool TryReserve(int port)
    {
        FileStream claim;
        try
        {
            claim = new FileStream(Path.Combine(LockDirectory, $"{port}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return false; // another test process holds it
        }
        if (!IsBindable(port))
        {
            claim.Dispose();
            return false;
        }
        Held.Add(claim);
        return true;
    }

    private static bool IsBindable(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
