using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Akka.Configuration;
using PaxosAkka.Node.Client;
using PaxosAkka.Node.Configuration;
using PaxosAkka.Node.Hosting;
using PaxosAkka.Node.Store;
using PaxosAkka.Persistence.Tests.Infrastructure;

namespace PaxosAkka.Node.Tests.Storage;

/// <summary>A real node whose acceptor stores on PostgreSQL keeps an acknowledged write across a restart that loses its data folder.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgresNodeRestartTests(PostgreSqlServerFixture server) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "paxos-node-tests", Guid.NewGuid().ToString("N"));
    private readonly int _remotePort = FreePort();

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_acknowledged_write_survives_a_restart_with_an_empty_data_dir_because_the_votes_are_in_postgresql()
    {
        var connection = await FreshDatabase.CreateAsync(server);
        var put = new KvPutCommand("k", Encoding.UTF8.GetBytes("v1"));
        await using (var first = await StartAsync("first", connection))
        {
            Assert.IsType<KvWritten>(await ExecuteUntilDecidedAsync(first.Service, put, "put-1"));
        }

        await using var second = await StartAsync("second", connection);
        var read = Assert.IsType<KvValue>(await ExecuteUntilDecidedAsync(second.Service, new KvReadCommand("k"), "read-1"));
        Assert.Equal("v1", Encoding.UTF8.GetString(read.Value));
        Assert.False(File.Exists(Path.Combine(_folder, "second", "acceptor.db")));
    }

    /// <summary>Retries with the same idempotency key while the single node is still electing itself.</summary>
    private static async Task<KvResult> ExecuteUntilDecidedAsync(PaxosKvService service, KvCommand command, string idempotencyKey)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (true)
        {
            try
            {
                return await service.ExecuteAsync(command, idempotencyKey, deadline.Token);
            }
            catch (OutcomeUnknownException) when (!deadline.IsCancellationRequested)
            {
            }
        }
    }

    private async Task<PaxosNodeRuntime> StartAsync(string dataDir, string connectionString)
    {
        var config = ConfigurationFactory.ParseString($$"""
            paxos.node {
              id = 1
              data-dir = "{{Path.Combine(_folder, dataDir)}}"
              members = [ { id = 1, host = "127.0.0.1", remote-port = {{_remotePort}}, http-port = 0 } ]
              acceptors = [1]
              request-timeout = 2s
              http.port = 0
              acceptor { plugin = postgresql, connection-string = "{{connectionString}}" }
            }
            """);
        return await PaxosNodeRuntime.StartAsync(NodeSettings.Create(config), config, NullLoggerFactory.Instance, CancellationToken.None);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
