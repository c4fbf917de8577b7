using System.Net;
using System.Net.Sockets;

namespace FaultTolerantRunner.TestSupport;

/// <summary>A loopback TCP port that was free a moment ago, for settings that cannot take port 0 (seed-node addresses).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
