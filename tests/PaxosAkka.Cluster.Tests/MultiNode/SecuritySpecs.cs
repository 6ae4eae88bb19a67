using System.Net.Sockets;
using PaxosAkka.TestKit;
using PaxosAkka.TestKit.MultiNode;
using Xunit.Abstractions;
using static PaxosAkka.Cluster.Tests.MultiNode.Specs;

namespace PaxosAkka.Cluster.Tests.MultiNode;

/// <summary>What reaches a member's port from outside the cluster: a stranger with the wrong secret, or garbage.</summary>
[Collection(MultiNodeCollection.Name)]
public class SecuritySpecs(ITestOutputHelper output)
{
    /// <summary>EndpointManager's "Refused inbound association" log event.</summary>
    private const int InboundRefusedEvent = 4012;

    [Fact]
    public async Task Node_with_a_wrong_cluster_secret_is_refused_and_never_becomes_a_member()
    {
        var logs = new CapturingLoggerProvider();
        using var loggers = new TestLoggerFactory(logs);
        await using var spec = Create(output, new MultiNodeSpecOptions { LoggerFactory = loggers });
        await spec.StartAllAsync([First, Second]);
        await spec.JoinAsync([First]);
        await spec.AwaitMembersUpAsync(2);

        var stranger = await spec.StartAsync(Third, extraConfig: """paxos.remote.secret = "not-the-cluster-secret" """);
        await stranger.JoinSeedNodesAsync([spec.Node(First)]);

        await spec.AwaitAsync(
            () => Task.FromResult(logs.Entries.Any(e => e.EventId.Id == InboundRefusedEvent)),
            "a member to refuse the stranger's handshake");
        Assert.Contains(logs.Entries, e => e.EventId.Id == InboundRefusedEvent && e.Message.Contains("authentication failed", StringComparison.Ordinal));
        await spec.AwaitMembersUpAsync(2, on: [First, Second]);
        var members = await spec.Handle(First).ViewAsync();
        Assert.DoesNotContain(members.Members, m => m.Address == stranger.Address);
        Assert.DoesNotContain((await stranger.ViewAsync()).Members, m => m.Status == MemberStatus.Up);
    }

    [Fact]
    public async Task Fuzzed_frames_at_a_members_port_do_not_disturb_the_cluster()
    {
        await using var spec = Create(output);
        await spec.StartAllAsync([First, Second, Third]);
        await spec.JoinAsync([First]);
        await spec.AwaitMembersUpAsync(3);
        var target = spec.Node(Second);
        var random = new Random(20261122);

        for (var i = 0; i < 20; i++)
        {
            var garbage = new byte[random.Next(1, 4096)];
            random.NextBytes(garbage);
            if (i % 2 == 0)
            {
                // A plausible length prefix in front of the noise, so the frame decoder gets past the first check.
                BitConverter.TryWriteBytes(garbage.AsSpan(0, Math.Min(4, garbage.Length)), garbage.Length - 4);
            }

            using var client = new TcpClient();
            await client.ConnectAsync(target.Host, target.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(garbage);
            Assert.True(await ClosedByPeerAsync(stream), $"fuzz connection {i} was not closed by the member");
        }

        // The cluster is as it was, and still admits a newcomer through the fuzzed member.
        await spec.AwaitAllReachableAsync();
        var fourth = await spec.StartAsync(Fourth);
        await fourth.JoinSeedNodesAsync([target]);
        await spec.AwaitMembersUpAsync(4);
    }

    /// <summary>Reads until the peer closes (or resets) the connection; false if it is still open after the deadline.</summary>
    private static async Task<bool> ClosedByPeerAsync(NetworkStream stream)
    {
        var buffer = new byte[1024];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (await stream.ReadAsync(buffer, deadline.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
