using System.Collections.Frozen;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Assignment;
using PaxosAkka.Node.Roles;
using static PaxosAkka.Consensus.PaxosProtocol;
using static PaxosAkka.Node.Replication.ReplicationProtocol;

namespace PaxosAkka.Node.Hosting;

/// <summary>
/// Every message that crosses the wire between nodes, with a short fixed manifest: renaming a C# type must not
/// change what older nodes expect, so the manifests are spelled out here and never derived from type names. All of
/// them are bound to <see cref="PaxosSerializer"/>; none may fall through to Akka's default (Newtonsoft JSON).
/// </summary>
public static class WireManifests
{
    /// <summary>Manifest of each wire type.</summary>
    public static FrozenDictionary<Type, string> ByType { get; } = new Dictionary<Type, string>
    {
        // Consensus (Paxos Made Simple's phase 1 and 2, learning, catch-up, read index).
        [typeof(Prepare)] = "pp",
        [typeof(Promise)] = "pm",
        [typeof(Accept)] = "ac",
        [typeof(Accepted)] = "ad",
        [typeof(Nack)] = "nk",
        [typeof(Chosen)] = "ch",
        [typeof(CatchUpRequest)] = "cq",
        [typeof(CatchUpReply)] = "cr",
        [typeof(ReadIndexProtocol.ConfirmLeadership)] = "lc",
        [typeof(ReadIndexProtocol.LeadershipConfirmation)] = "ln",
        // Node: client commands forwarded to the leader, read index between proposers.
        [typeof(ProposerProtocol.Submit)] = "sb",
        [typeof(ProposerProtocol.ReadIndexRequest)] = "rq",
        [typeof(ProposerProtocol.ReadIndexGranted)] = "rg",
        [typeof(ProposerProtocol.ReadIndexDenied)] = "rd",
        // Bully election.
        [typeof(ElectionProtocol.Heartbeat)] = "hb",
        [typeof(ElectionProtocol.Election)] = "el",
        [typeof(ElectionProtocol.Answer)] = "an",
        [typeof(ElectionProtocol.Coordinator)] = "co",
        // Store replication (two-phase commit, catch-up, snapshot transfer) and client answers.
        [typeof(StorePrepare)] = "s2p",
        [typeof(StoreVote)] = "s2v",
        [typeof(StoreCommit)] = "s2c",
        [typeof(StoreCommitted)] = "s2d",
        [typeof(StoreAbort)] = "s2a",
        [typeof(StoreQuery)] = "ssq",
        [typeof(StoreStatus)] = "sss",
        [typeof(StoreCatchUp)] = "scu",
        [typeof(StoreInstallSnapshot)] = "sni",
        [typeof(StoreSnapshotRequest)] = "snr",
        [typeof(StoreSnapshotChunk)] = "snc",
        [typeof(ClientReplies)] = "cl",
        // Role assignment (reference system 000).
        [typeof(AutoRoleProtocol.AssignmentInForce)] = "ai",
    }.ToFrozenDictionary();

    /// <summary>Wire type of each manifest.</summary>
    public static FrozenDictionary<string, Type> ByManifest { get; } =
        ByType.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal).ToFrozenDictionary(StringComparer.Ordinal);
}
