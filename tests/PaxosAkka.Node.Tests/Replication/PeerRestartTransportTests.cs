using System.Net;
using System.Net.Sockets;
using PaxosAkka.Remote.Transport;

namespace PaxosAkka.Node.Tests.Replication;

/// <summary>
/// The learner-takeover bug of system 004 (issue 7 item 3) at its root. A node that SIGKILLs leaves its peers'
/// connections to it reset; a peer that was sending at that moment (the leader's Accepteds, a store's answers)
/// gets a failed flush, and then closing that connection threw too (the pipe writer retries the unflushed
/// bytes on completion). The exception escaped the association's cleanup and ended its reconnect loop for
/// good: every later message to the restarted node (Accepted, Chosen, catch-up replies, a store's votes and
/// statuses) queued and was lost, so the restarted learner never caught up and the coordinator it became never
/// heard from that store again (seen: store 7 stuck at slot 6). Real sockets on 127.0.0.1.
/// </summary>
public sealed class PeerRestartTransportTests
{
    private const int MaximumFrameSize = 1024 * 1024;

    [Fact]
    public async Task A_connection_reset_by_a_killed_peer_mid_send_closes_without_throwing_so_messages_reach_its_next_incarnation()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var transport = new TcpTransport(MaximumFrameSize);
        var connection = await transport.ConnectAsync("127.0.0.1", port, cancel.Token);
        using (var peer = await listener.AcceptSocketAsync(cancel.Token))
        {
            // The peer dies the way a SIGKILLed process does with unread data: its kernel resets the connection.
            peer.LingerState = new LingerOption(true, 0);
        }

        var frame = new byte[64 * 1024];
        IOException? failed = null;
        for (int i = 0; i < 1_000 && failed is null; i++)
        {
            try
            {
                await connection.SendAsync(frame, cancel.Token);
            }
            catch (IOException e)
            {
                failed = e;
            }
        }

        Assert.NotNull(failed);

        // What the association does next: close this connection and reconnect. Closing must not throw, or the
        // association's loop ends and the node is unreachable for good.
        await connection.DisposeAsync();

        // The peer's next incarnation on the same port is reached again.
        var next = await transport.ConnectAsync("127.0.0.1", port, cancel.Token);
        await using (next)
        {
            using var reborn = await listener.AcceptSocketAsync(cancel.Token);
            await next.SendAsync([1, 2, 3], cancel.Token);
            var received = new byte[16];
            int read = await reborn.ReceiveAsync(received, SocketFlags.None, cancel.Token);
            Assert.True(read > 0, "the restarted peer must receive the frame");
        }
    }
}
