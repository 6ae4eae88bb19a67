using System.Text.Json;
using System.Text.Json.Serialization;

// This one file is compiled into both the node (which serves these shapes on paxos.cmd.port) and the pbm tool
// (which reads them), so the two can never disagree about a field; see PaxosAkka.Cmd.csproj's linked Compile item.
namespace PaxosAkka.Pbm;

/// <summary>The routes of a node's command endpoint (all under <c>/pbm/</c>, JSON in and out).</summary>
internal static class PbmRoutes
{
    public const string Node = "/pbm/node";
    public const string Cluster = "/pbm/cluster";
    public const string ClusterTail = "/pbm/cluster/tail";
    public const string ClusterLeave = "/pbm/cluster/leave";
    public const string ClusterDown = "/pbm/cluster/down";
    public const string ClusterJoin = "/pbm/cluster/join";
    public const string ClusterDownUnreachable = "/pbm/cluster/down-unreachable";
    public const string ActorSystem = "/pbm/actor/system";
    public const string ActorHierarchy = "/pbm/actor/hierarchy";
    public const string PaxosStatus = "/pbm/paxos/status";
    public const string PaxosLeader = "/pbm/paxos/leader";
    public const string PaxosBallots = "/pbm/paxos/ballots";
    public const string PaxosLog = "/pbm/paxos/log";

    /// <summary>The most slots one <c>paxos log</c> answer holds, so a typo in --to cannot ship the whole log.</summary>
    public const int MaxLogSlots = 1000;

    /// <summary>The deepest <c>actor hierarchy</c> walk, and the most actors one answer lists.</summary>
    public const int MaxHierarchyDepth = 32;

    public const int MaxHierarchyActors = 5000;
}

/// <summary>Any refusal: 400 bad input, 404 unknown member or actor, 409 the node cannot do it now.</summary>
internal sealed record PbmError(string Error);

/// <summary>One configured member: what <c>menu</c> offers as "server N" and what <c>kv</c> commands talk to.</summary>
internal sealed record PbmServer(int Id, string HttpUrl, IReadOnlyList<string> Roles);

/// <summary><c>/pbm/node</c>: who answers, its client API, and every configured member.</summary>
internal sealed record PbmNode(int Id, string Address, string HttpUrl, IReadOnlyList<PbmServer> Servers);

/// <summary>One Akka.Cluster member as <c>cluster show</c> prints it.</summary>
/// <param name="Reachability">"Reachable" or "Unreachable" (as this node's failure detector sees it).</param>
internal sealed record PbmMember(string Address, int? NodeId, IReadOnlyList<string> Roles, string Status, string Reachability);

/// <summary><c>/pbm/cluster</c>: Akka.Cluster's view from the answering node, and the Paxos leader beside it.</summary>
internal sealed record PbmCluster(string Self, string? ClusterLeader, int? PaxosLeader, IReadOnlyList<PbmMember> Members);

/// <summary>The answer to leave, down, join and down-unreachable: what was asked of Akka.Cluster, for which members.</summary>
internal sealed record PbmClusterAction(string Action, IReadOnlyList<string> Addresses, string Message);

/// <summary>One membership event of <c>cluster tail</c> (one JSON object per line of the stream).</summary>
internal sealed record PbmClusterEvent(DateTimeOffset At, string Event, string Address, string? Status);

/// <summary><c>/pbm/actor/system</c>.</summary>
internal sealed record PbmActorSystem(string Name, string Address, string AkkaVersion, DateTimeOffset StartTime, double UptimeSeconds, IReadOnlyList<string> Roles, int TopLevelActors);

/// <summary>One actor of a hierarchy walk; <paramref name="Depth"/> 0 is the walk's root.</summary>
internal sealed record PbmActor(string Path, int Depth);

/// <summary><c>/pbm/actor/hierarchy</c>: a depth-first walk, parents before children, siblings by name.</summary>
internal sealed record PbmHierarchy(string Root, int Depth, IReadOnlyList<PbmActor> Actors, bool Truncated);

/// <summary><c>/pbm/paxos/status</c>: the node's <c>GET /paxos</c> (per-role state kept as the node wrote it).</summary>
internal sealed record PbmPaxosStatus(int Self, int? Leader, string Ballot, long FirstUnchosenSlot, long LastAppliedSlot, IReadOnlyDictionary<string, JsonElement> Roles);

/// <summary>
/// <c>/pbm/paxos/leader</c>: the Paxos leader as this node knows it (null while an election runs), and the highest ballot
/// this node has seen (its acceptor's promise; its own proposer's ballot on a node without an acceptor).
/// </summary>
internal sealed record PbmPaxosLeader(int Self, int? Leader, string? LeaderHttpUrl, string Ballot);

/// <summary><c>/pbm/paxos/ballots</c>: this node's proposer ballot and state, and its acceptor's promise.</summary>
internal sealed record PbmBallots(int Self, int? Leader, string? ProposerState, string? ProposerBallot, string? AcceptorPromised, long? HighestAcceptedSlot);

/// <summary>One command of a chosen slot, decoded; values are shown as UTF-8 text, cut at 64 characters.</summary>
internal sealed record PbmLogCommand(string Client, long Sequence, string Kind, string? Key, string? Value, string? Expected, int Size);

/// <summary>One chosen slot; no commands = a no-op the leader chose to fill a gap.</summary>
internal sealed record PbmLogEntry(long Slot, IReadOnlyList<PbmLogCommand> Commands);

/// <summary><c>/pbm/paxos/log?from=N&amp;to=M</c>: the chosen slots in [N, M] this node's learner holds.</summary>
internal sealed record PbmLog(int Self, long From, long To, long FirstUnchosenSlot, IReadOnlyList<PbmLogEntry> Entries);

/// <summary>Source-generated metadata for every shape above (camelCase, nulls written out).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PbmError))]
[JsonSerializable(typeof(PbmNode))]
[JsonSerializable(typeof(PbmCluster))]
[JsonSerializable(typeof(PbmClusterAction))]
[JsonSerializable(typeof(PbmClusterEvent))]
[JsonSerializable(typeof(PbmActorSystem))]
[JsonSerializable(typeof(PbmHierarchy))]
[JsonSerializable(typeof(PbmPaxosStatus))]
[JsonSerializable(typeof(PbmPaxosLeader))]
[JsonSerializable(typeof(PbmBallots))]
[JsonSerializable(typeof(PbmLog))]
internal sealed partial class PbmJson : JsonSerializerContext;
