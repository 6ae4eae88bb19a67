using PaxosAkka.Remote.Tests.Support;
using PaxosAkka.Remote.Transport;

namespace PaxosAkka.Remote.Tests;

/// <summary>An association must outlive whatever one connection's life throws.</summary>
public sealed class AssociationFaultTests
{
    [Fact]
    public async Task A_connection_that_throws_when_closed_does_not_end_the_association_so_a_restarted_peer_is_reached_again()
    {
        // Closing a pipe into a socket the peer reset can throw 'Broken pipe'; every outbound close here does.
        await using var a = await TestNode.StartAsync(wrapTransport: t => new ThrowingCloseTransport(t));
        var b1 = await TestNode.StartAsync();
        var port = b1.Address.Port;

        a.Send(b1, new Ping(1, "first"));
        Assert.Equal(new Ping(1, "first"), (await b1.ReceiveAsync()).Message);
        await b1.DisposeAsync();

        await using var b2 = await TestNode.StartAsync(settings: TestNode.Settings(port: port));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            a.Send(b2, new Ping(2, "again"));
            try
            {
                Assert.Equal("again", ((Ping)(await b2.ReceiveAsync(TimeSpan.FromMilliseconds(250))).Message).Text);
                break;
            }
            catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
            {
            }
        }

        Assert.Contains(a.Logs.Lines, l => l.EventId == 4050);
    }

    private sealed class ThrowingCloseTransport(ITransport inner) : ITransport
    {
        public Task<(string Host, int Port)> ListenAsync(
            string host, int port, Func<IFrameConnection, CancellationToken, Task> onInbound, CancellationToken cancellationToken) =>
            inner.ListenAsync(host, port, onInbound, cancellationToken);

        public async Task<IFrameConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken) =>
            new ThrowingCloseConnection(await inner.ConnectAsync(host, port, cancellationToken));

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class ThrowingCloseConnection(IFrameConnection inner) : IFrameConnection
    {
        public string RemoteEndPoint => inner.RemoteEndPoint;

        public ValueTask SendAsync(IReadOnlyList<byte[]> frames, CancellationToken cancellationToken) => inner.SendAsync(frames, cancellationToken);

        public ValueTask<byte[]?> ReceiveAsync(CancellationToken cancellationToken) => inner.ReceiveAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            throw new IOException("Broken pipe");
        }
    }
}
