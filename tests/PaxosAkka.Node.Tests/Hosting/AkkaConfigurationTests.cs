using System.Net;
using System.Net.Sockets;
using Akka.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Hosting;

namespace PaxosAkka.Node.Tests.Hosting;

/// <summary>The actor system a node really runs carries our Akka settings (Akka.Hosting's own must not override them).</summary>
public sealed class AkkaConfigurationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "paxos-akka-config-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_running_node_frames_hold_bounded_promises_and_batches_and_its_messages_bind_to_our_serializer()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var config = ConfigurationFactory.ParseString($$"""
            paxos.node {
              id = 1
              data-dir = "{{_folder}}"
              http.port = 0
              members = [ { id = 1, host = "127.0.0.1", remote-port = {{port}}, http-port = 0 } ]
              acceptors = [1]
            }
            """);
        await using var node = await PaxosNodeRuntime.StartAsync(NodeSettings.Create(config), config, NullLoggerFactory.Instance, CancellationToken.None);
        var akka = node.System.Settings.Config;

        Assert.Equal(8L * 1024 * 1024, akka.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), akka.GetTimeSpan("akka.remote.retry-gate-closed-for"));
        Assert.Equal(port, akka.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.IsType<PaxosSerializer>(node.System.Serialization.FindSerializerForType(typeof(Consensus.PaxosProtocol.Accept)));
    }
}
