using System.Net;
using System.Net.Sockets;
using Akka.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Hosting;

namespace PaxosAkka.Node.Tests;

/// <summary>
/// A real one-node runtime (actor system, remoting on a free loopback port, SQLite acceptor, HTTP on any free port) over
/// a temporary folder that <see cref="Dispose"/> deletes. The tests that need a whole node but not a cluster share it.
/// </summary>
internal sealed class SingleNode : IDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "paxos-node-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Starts node 1 (the only acceptor); <paramref name="extraHocon"/> is appended to its config.</summary>
    public Task<PaxosNodeRuntime> StartAsync(string extraHocon = "")
    {
        var config = ConfigurationFactory.ParseString($$"""
            paxos.node {
              id = 1
              data-dir = "{{Folder}}"
              members = [ { id = 1, host = "127.0.0.1", remote-port = {{FreePort()}}, http-port = 0 } ]
              acceptors = [1]
              http.port = 0
            }
            {{extraHocon}}
            """);
        return PaxosNodeRuntime.StartAsync(NodeSettings.Create(config), config, NullLoggerFactory.Instance, CancellationToken.None);
    }

    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
