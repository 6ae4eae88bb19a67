using System.Collections.Concurrent;
using Akka.Actor;
using PaxosAkka.Consensus;
using PaxosAkka.MultiNode.Kit;
using PaxosAkka.Node.Roles;
using Xunit.Abstractions;

namespace PaxosAkka.MultiNode;

/// <summary>
/// Node-to-node TLS with mutual authentication (<c>paxos.node.tls.enabled = on</c>): members with certificates of the
/// cluster CA form the cluster and serve; a node whose certificate another CA signed can neither join nor deliver a
/// Paxos message, even though it trusts the cluster CA itself (so the refusal is the members' doing).
/// </summary>
public sealed class TlsSpec(ITestOutputHelper output) : IDisposable
{
    private const string Password = "spec-password";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _certificates = Directory.CreateTempSubdirectory("paxos-tls-").FullName;

    [Fact]
    public async Task With_TLS_on_members_serve_and_a_node_with_a_certificate_of_another_CA_cannot_join_nor_deliver_a_Prepare()
    {
        using var clusterCa = TestCertificateAuthority.Create("PaxosAkka spec cluster CA");
        using var otherCa = TestCertificateAuthority.Create("Some other CA");
        string caPath = clusterCa.WriteCertificate(Path.Combine(_certificates, "cluster-ca.der"));

        var config = new MultiNodeConfig { CommonConfig = $"paxos.node.tls {{ enabled = on, certificate-password = \"{Password}\" }}" };
        var members = new[] { config.Role("first"), config.Role("second"), config.Role("third") };
        var intruder = config.Role("intruder");
        config.Outsider(intruder);
        config.StartLater(intruder);
        foreach (var role in members)
        {
            string pfx = clusterCa.IssuePfx(Path.Combine(_certificates, $"{role}.pfx"), $"paxos-{role}", Password);
            config.NodeConfig(role, $"paxos.node.tls.certificate-path = \"{pfx}\"");
        }

        string intruderPfx = otherCa.IssuePfx(Path.Combine(_certificates, "intruder.pfx"), "paxos-intruder", Password);
        config.NodeConfig(intruder, $"paxos.node.tls {{ certificate-path = \"{intruderPfx}\", ca-certificate-path = \"{caPath}\" }}");

        await using var spec = await MultiNodeSpec.StartAsync(config, output);
        int[] memberIds = [.. members.Select(config.IdOf)];
        int intruderId = config.IdOf(intruder);
        var written = new ConcurrentDictionary<string, string>();
        int prepares = 0;

        await spec.RunAsync(async ctx =>
        {
            await ctx.RunOnAsync(
                async () =>
                {
                    await ctx.Node.Client.AwaitMembersUpAsync(memberIds, Patience, ctx.Cancellation);
                    var membership = await ctx.Node.Client.MembershipAsync(ctx.Cancellation);
                    Assert.All(membership!, m => Assert.StartsWith("akka.trttl.gremlin.ssl.tcp://", m.Address, StringComparison.Ordinal));
                    await ctx.Node.Client.PutUntilOkAsync($"tls-{ctx.Myself}", "secret", Patience, ctx.Cancellation);
                    written[$"tls-{ctx.Myself}"] = "secret";
                },
                members);
            await ctx.EnterBarrierAsync("members-serve");

            await ctx.RunOnAsync(
                async () =>
                {
                    // The intruder starts only now and, the moment its actor system runs, sends a Prepare straight at
                    // each member's acceptor with a ballot no member could outbid soon: had one arrived, that acceptor
                    // would have promised it. (Akka shuts an actor system down once an outbound TLS handshake of its
                    // fails, so the intruder may not live long: whatever it manages to send is what it could send.)
                    var host = spec.InProcess(intruder);
                    host.RuntimeStarted += (_, runtime) => prepares = SendPrepares(spec, runtime.System, members, intruderId);
                    await spec.StartNodeAsync(intruder, ctx.Cancellation);

                    // Every member refused the intruder's handshakes; its own TLS validation logged why.
                    await Eventually.True(
                        () => members.All(m => spec.Log.Count(m, "paxos-intruder is not signed by the cluster CA") > 0),
                        Patience,
                        "every member to refuse the intruder's certificate",
                        ctx.Cancellation);
                    spec.Log.Write(intruder, $"sent {prepares} Prepares; actor system {(host.IsRunning ? "still runs" : "was shut down by Akka after the failed handshake")}");
                },
                intruder);
            await ctx.EnterBarrierAsync("intruder-refused");

            await ctx.RunOnAsync(
                async () =>
                {
                    var membership = await ctx.Node.Client.MembershipAsync(ctx.Cancellation);
                    Assert.DoesNotContain(membership!, m => m.NodeId == intruderId || m.Address.Contains($":{spec.Node(intruder).Node.RemotePort}", StringComparison.Ordinal));
                    var promised = spec.InProcess(ctx.Myself).Runtime.Board.Acceptor?.Promised;
                    Assert.True(promised is null || promised.Value.ProposerId != intruderId, $"{ctx.Myself}'s acceptor promised the intruder's ballot {promised}");
                    await ctx.Node.Client.AssertReadsAsync(written, Patience, ctx.Cancellation);
                },
                members);
            await ctx.RunOnAsync(
                async () =>
                {
                    // The intruder never got in: Akka shows it no member but (at most) itself.
                    Assert.Equal(members.Length, prepares);
                    var membership = await ctx.Node.Client.MembershipAsync(ctx.Cancellation);
                    Assert.True(membership is null || membership.All(m => m.NodeId == intruderId), $"the intruder sees members: {string.Join("; ", membership ?? [])}");
                },
                intruder);
            await ctx.EnterBarrierAsync("checked");
        });
    }

    /// <summary>Tells a Prepare of node <paramref name="from"/> to every member's acceptor; returns how many were told.</summary>
    private static int SendPrepares(MultiNodeSpec spec, ActorSystem system, IReadOnlyList<RoleName> members, int from)
    {
        string protocol = ((ExtendedActorSystem)system).Provider.DefaultAddress.Protocol;
        int sent = 0;
        foreach (var role in members)
        {
            var node = spec.Node(role).Node;
            var prepare = new PaxosProtocol.Prepare(from, node.Id, new Ballot(1_000_000, from), 0);
            system.ActorSelection($"{protocol}://paxos@{SpecNode.Host}:{node.RemotePort}/user/{RoleNames.Node}/{RoleNames.Acceptor}").Tell(prepare);
            sent++;
        }

        return sent;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(_certificates, recursive: true);
        }
        catch (IOException)
        {
            // Harmless leftover in the temp folder.
        }
    }
}
