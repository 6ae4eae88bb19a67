using PaxosAkka.Remote.Serialization;
using PaxosAkka.Node.Replication;
using PaxosAkka.Node.Roles;
using PaxosAkka.Consensus;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Node.Hosting;

/// <summary>
/// Every message that crosses the wire between nodes, with a stable manifest: renaming a C# type must not
/// change what older nodes expect, so the manifests are spelled out here and never derived from type names.
/// </summary>
public static class WireTypes
{
    /// <summary>Registers the node's wire messages in <paramref name="registry"/>.</summary>
    public static SerializerRegistry RegisterNodeMessages(this SerializerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);

        // The value-carrying messages use the compact binary form (see PaxosWireSerializer for why).
        registry.AddSerializer(new PaxosWireSerializer());
        const int binary = PaxosWireSerializer.Id;
        return registry
            .Register<Prepare>("paxos.node.prepare")
            .Register<Promise>("paxos.node.promise", binary)
            .Register<Accept>("paxos.node.accept", binary)
            .Register<Accepted>("paxos.node.accepted", binary)
            .Register<Nack>("paxos.node.nack")
            .Register<Chosen>("paxos.node.chosen", binary)
            .Register<CatchUpRequest>("paxos.node.catch-up-request")
            .Register<CatchUpReply>("paxos.node.catch-up-reply", binary)
            .Register<ProposerProtocol.Submit>("paxos.node.submit", binary)
            .Register<ReadIndexProtocol.ConfirmLeadership>("paxos.node.read-index.confirm")
            .Register<ReadIndexProtocol.LeadershipConfirmation>("paxos.node.read-index.confirmation")
            .Register<ProposerProtocol.ReadIndexRequest>("paxos.node.read-index.request")
            .Register<ProposerProtocol.ReadIndexGranted>("paxos.node.read-index.granted")
            .Register<ProposerProtocol.ReadIndexDenied>("paxos.node.read-index.denied")
            .Register<ElectionProtocol.Heartbeat>("paxos.node.election.heartbeat")
            .Register<ElectionProtocol.Election>("paxos.node.election.election")
            .Register<ElectionProtocol.Answer>("paxos.node.election.answer")
            .Register<ElectionProtocol.Coordinator>("paxos.node.election.coordinator")
            .RegisterReplicationMessages();
    }
}
