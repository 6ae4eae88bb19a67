using System.Collections.Immutable;
using PaxosAkka.Consensus;
using Akka.Configuration;

namespace PaxosAkka.Node.Configuration;

/// <summary>
/// Everything a node process needs, parsed once at start from <c>paxos.node</c> over the embedded
/// reference.conf (and the core's <c>paxos.consensus</c> options). Errors name the missing or bad path.
/// </summary>
public sealed partial class NodeSettings
{
    /// <summary>The embedded reference configuration (every default, commented).</summary>
    public static Config Reference { get; } =
        ConfigurationFactory.FromResource("PaxosAkka.Node.reference.conf", typeof(NodeSettings).Assembly);

    /// <summary>The core's reference configuration (proposer and learner options).</summary>
    public static Config ConsensusReference { get; } =
        ConfigurationFactory.ParseString(ConsensusReferenceConfig.Text);

    /// <summary>This node's id.</summary>
    public required int Id { get; init; }

    /// <summary>Roles this node runs: those of its entry in the member list.</summary>
    public ImmutableArray<string> Roles => Self.Roles;

    /// <summary>Folder of durable state.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Interface of the HTTP API.</summary>
    public required string HttpHostname { get; init; }

    /// <summary>Port of the HTTP API (0: any free port).</summary>
    public required int HttpPort { get; init; }

    /// <summary>How long a client request waits before its outcome is reported unknown.</summary>
    public required TimeSpan RequestTimeout { get; init; }

    /// <summary>Period of the core's tick.</summary>
    public required TimeSpan TickInterval { get; init; }

    /// <summary>The static member list, ordered by id.</summary>
    public required ImmutableArray<MemberSettings> Members { get; init; }

    /// <summary>The acceptor group fixed at bootstrap; a majority of it is every quorum.</summary>
    public required ImmutableArray<int> Acceptors { get; init; }

    /// <summary>Acceptor storage settings.</summary>
    public required AcceptorSettings Acceptor { get; init; }

    /// <summary>Election settings.</summary>
    public required ElectionSettings Election { get; init; }

    /// <summary>Restart budget of the role actors.</summary>
    public required SupervisionSettings Supervision { get; init; }

    /// <summary>Node-to-node TLS (off unless <c>paxos.node.tls.enabled</c>).</summary>
    public required TlsSettings Tls { get; init; }

    /// <summary>Proposer options of the core.</summary>
    public required ProposerOptions ProposerOptions { get; init; }

    /// <summary>Learner options of the core.</summary>
    public required LearnerOptions LearnerOptions { get; init; }

    /// <summary>This node's own member entry.</summary>
    public MemberSettings Self => Members.First(m => m.Id == Id);

    /// <summary>
    /// The assignable roles this node runs now because the leader assigned them (only ever non-empty on an
    /// <c>auto</c> node; the node supervisor keeps it in step with the role actors it started).
    /// </summary>
    public AssignedRoles Assigned { get; } = new();

    /// <summary>True when this node runs <paramref name="role"/>: configured, or assigned to this auto node right now.</summary>
    public bool Has(string role) => Roles.Contains(role) || Assigned.Holds(role);

    /// <summary>
    /// The Paxos topology: proposers and learners from the member list (auto members count as both, see
    /// <see cref="MemberSettings.MayHold"/>), acceptors and the majority quorum from the fixed acceptor group
    /// (never from who is alive, nor from the role assignment).
    /// </summary>
    public PaxosTopology Topology() => new(
        [.. Members.Where(m => m.MayHold(NodeRoles.Proposer)).Select(m => m.Id)],
        Acceptors,
        [.. Members.Where(m => m.MayHold(NodeRoles.Learner)).Select(m => m.Id)],
        QuorumConfig.Majority(Acceptors));

    /// <summary>Parses and validates the node settings from <paramref name="config"/> (the node's file).</summary>
    /// <exception cref="ConfigurationException">A required path is missing or a value is invalid; the message names it.</exception>
    public static NodeSettings Create(Config config, string origin = "the node configuration")
    {
        ArgumentNullException.ThrowIfNull(config);
        var merged = config.WithFallback(Reference).WithFallback(ConsensusReference);
        var node = merged.GetConfig("paxos.node");
        if (node.IsEmpty)
        {
            throw new ConfigurationException($"Missing section 'paxos.node' in {origin}; is reference.conf embedded?");
        }

        if (!node.HasPath("id"))
        {
            throw new ConfigurationException($"Missing configuration path 'paxos.node.id' in {origin}: every node needs its id.");
        }

        var settings = new NodeSettings
        {
            Id = node.Int("id", "paxos.node"),
            DataDirectory = node.GetString("data-dir"),
            HttpHostname = node.GetString("http.hostname"),
            HttpPort = node.Int("http.port", "paxos.node"),
            RequestTimeout = Positive(node.Duration("request-timeout", "paxos.node"), "paxos.node.request-timeout"),
            TickInterval = Positive(node.Duration("tick-interval", "paxos.node"), "paxos.node.tick-interval"),
            Members = ParseMembers(node, origin),
            Acceptors = [.. node.GetIntList("acceptors").Order()],
            Acceptor = new AcceptorSettings(
                node.GetString("acceptor.plugin"),
                Positive(node.Duration("acceptor.restart-backoff-min", "paxos.node"), "paxos.node.acceptor.restart-backoff-min"),
                Positive(node.Duration("acceptor.restart-backoff-max", "paxos.node"), "paxos.node.acceptor.restart-backoff-max"),
                node.Int("acceptor.max-restarts", "paxos.node")),
            Election = new ElectionSettings(
                Positive(node.Duration("election.heartbeat-interval", "paxos.node"), "paxos.node.election.heartbeat-interval"),
                node.Double("election.phi-threshold", "paxos.node"),
                node.Duration("election.acceptable-heartbeat-pause", "paxos.node"),
                Positive(node.Duration("election.min-std-deviation", "paxos.node"), "paxos.node.election.min-std-deviation"),
                Positive(node.Duration("election.answer-timeout", "paxos.node"), "paxos.node.election.answer-timeout"),
                Positive(node.Duration("election.coordinator-timeout", "paxos.node"), "paxos.node.election.coordinator-timeout"),
                node.Long("election.max-candidate-lag", "paxos.node") switch
                {
                    >= 0 and var lag => lag,
                    var lag => throw new ConfigurationException($"paxos.node.election.max-candidate-lag must be 0 or more slots, not {lag}"),
                },
                node.GetBoolean("election.stable-leader", true)),
            Supervision = new SupervisionSettings(
                node.Int("supervision.max-restarts", "paxos.node"),
                Positive(node.Duration("supervision.restart-window", "paxos.node"), "paxos.node.supervision.restart-window")),
            Tls = TlsSettings.Parse(node),
            ProposerOptions = ParseProposer(merged.GetConfig("paxos.consensus.proposer")),
            LearnerOptions = ParseLearner(merged.GetConfig("paxos.consensus.learner")),
            ReplicationOptions = ParseReplication(node, Positive(node.Duration("tick-interval", "paxos.node"), "paxos.node.tick-interval")),
            StoreOptions = ParseStore(node),
        };
        settings.Validate(origin);
        return settings;
    }

    private static ProposerOptions ParseProposer(Config c, string section = "paxos.consensus.proposer") => new()
    {
        PipelineWindow = c.Int("pipeline-window", section),
        MaxBatchSize = c.Int("max-batch-size", section),
        MaxBatchBytes = (int)Math.Clamp(c.GetByteSize("max-batch-bytes") ?? 0, 0, int.MaxValue),
        RetransmitTicks = c.Int("retransmit-ticks", section),
        MaxPendingCommands = c.Int("max-pending-commands", section),
    };

    private static LearnerOptions ParseLearner(Config c, string section = "paxos.consensus.learner") => new()
    {
        CatchUpTicks = c.Int("catch-up-ticks", section),
        MaxCatchUpEntries = c.Int("max-catch-up-entries", section),
        IdleProbeTicks = c.Int("idle-probe-ticks", section),
    };

    private static TimeSpan Positive(TimeSpan value, string path) =>
        value > TimeSpan.Zero ? value : throw new ConfigurationException($"{path} must be a positive duration, not {value}");
}
