using PaxosAkka.Remote.Serialization;
using static PaxosAkka.Node.Replication.ReplicationProtocol;

namespace PaxosAkka.Node.Replication;

/// <summary>The replication messages that cross the wire, with stable manifests (never derived from type names).</summary>
public static class ReplicationWire
{
    /// <summary>Registers the two-phase-commit and client-reply messages in <paramref name="registry"/>.</summary>
    public static SerializerRegistry RegisterReplicationMessages(this SerializerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Register<StorePrepare>("paxos.node.store.prepare")
            .Register<StoreVote>("paxos.node.store.vote")
            .Register<StoreCommit>("paxos.node.store.commit")
            .Register<StoreCommitted>("paxos.node.store.committed")
            .Register<StoreAbort>("paxos.node.store.abort")
            .Register<StoreQuery>("paxos.node.store.query")
            .Register<StoreStatus>("paxos.node.store.status")
            .Register<StoreCatchUp>("paxos.node.store.catch-up")
            .Register<StoreInstallSnapshot>("paxos.node.store.install-snapshot")
            .Register<StoreSnapshotRequest>("paxos.node.store.snapshot-request")
            .Register<StoreSnapshotChunk>("paxos.node.store.snapshot-chunk")
            .Register<ClientReplies>("paxos.node.client-replies");
    }
}
