using System.Net;
using System.Net.Sockets;

namespace PaxosAkka.Node.ProcessTests.Support;

/// <summary>Free loopback ports, found by binding port 0 (all held at once so they differ, then released).</summary>
internal static class FreePorts
{
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    /// <summary>
    /// A base port P for <c>local --base-port P</c> with <paramref name="nodes"/> nodes: P+N (HTTP), P+1000+N (remoting)
    /// and P+1030+N (pbm) free on loopback for every node N.
    /// </summary>
    public static int BaseForLocalCluster(int nodes)
    {
        for (int candidate = 31000; candidate < 60000; candidate += 100)
        {
            if (Enumerable.Range(1, nodes).All(n => Free(candidate + n) && Free(candidate + 1000 + n) && Free(candidate + 1030 + n)))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"no free range of loopback ports for a {nodes}-node local cluster");
    }

    private static bool Free(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }
}
