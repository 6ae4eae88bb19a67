using System.Collections.Immutable;
using PaxosAkka.Consensus;
using PaxosAkka.Hocon;

namespace PaxosAkka.Node.Configuration;

/// <summary>
/// Everything a node process needs, parsed once at start from <c>paxos.node</c> over the embedded
/// reference.conf (and the core's <c>paxos-akka.consensus</c> options). Errors name the missing or bad path.
/// </summary>
public sealed partial class NodeSettings
{
    /// <summary>The embedded reference configuration (every default, commented).</summary>
    public static Config Reference { get; } =
        ConfigurationFactory.FromResource(typeof(NodeSettings).Assembly, "PaxosAkka.Node.reference.conf");

    /// <summary>The core's reference configuration (proposer and learner options).</summary>
    public static Config ConsensusReference { get; } =
        ConfigurationFactory.ParseString(ConsensusReferenceConfig.Text, "PaxosAkka.Consensus reference.conf");

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
    /// <exception cref="ConfigException">A required path is missing or a value is invalid; the message names it.</exception>
    public static NodeSettings Create(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var merged = config.WithFallback(Reference).WithFallback(ConsensusReference);
        var node = merged.GetConfig("paxos.node");
        if (node.IsEmpty)
        {
            throw new ConfigException($"Missing section 'paxos.node' in {config.Origin}; is reference.conf embedded?");
        }

        if (!node.HasPath("id"))
        {
            throw new ConfigException($"Missing configuration path 'paxos.node.id' in {config.Origin}: every node needs its id.");
        }

        var settings = new NodeSettings
        {
            Id = node.GetInt("id"),
            DataDirectory = node.GetString("data-dir"),
            HttpHostname = node.GetString("http.hostname"),
            HttpPort = node.GetInt("http.port"),
            RequestTimeout = Positive(node.GetTimeSpan("request-timeout"), "paxos.node.request-timeout"),
            TickInterval = Positive(node.GetTimeSpan("tick-interval"), "paxos.node.tick-interval"),
            Members = ParseMembers(node, config.Origin),
            Acceptors = [.. node.GetIntList("acceptors").Order()],
            Acceptor = new AcceptorSettings(
                node.GetString("acceptor.plugin"),
                Positive(node.GetTimeSpan("acceptor.restart-backoff-min"), "paxos.node.acceptor.restart-backoff-min"),
                Positive(node.GetTimeSpan("acceptor.restart-backoff-max"), "paxos.node.acceptor.restart-backoff-max"),
                node.GetInt("acceptor.max-restarts")),
            Election = new ElectionSettings(
                Positive(node.GetTimeSpan("election.heartbeat-interval"), "paxos.node.election.heartbeat-interval"),
                node.GetDouble("election.phi-threshold"),
                node.GetTimeSpan("election.acceptable-heartbeat-pause"),
                Positive(node.GetTimeSpan("election.min-std-deviation"), "paxos.node.election.min-std-deviation"),
                Positive(node.GetTimeSpan("election.answer-timeout"), "paxos.node.election.answer-timeout"),
                Positive(node.GetTimeSpan("election.coordinator-timeout"), "paxos.node.election.coordinator-timeout"),
                node.GetLong("election.max-candidate-lag") switch
                {
                    >= 0 and var lag => lag,
                    var lag => throw new ConfigException($"paxos.node.election.max-candidate-lag must be 0 or more slots, not {lag}"),
                }),
            Supervision = new SupervisionSettings(
                node.GetInt("supervision.max-restarts"),
                Positive(node.GetTimeSpan("supervision.restart-window"), "paxos.node.supervision.restart-window")),
            ProposerOptions = ParseProposer(merged.GetConfig("paxos-akka.consensus.proposer")),
            LearnerOptions = ParseLearner(merged.GetConfig("paxos-akka.consensus.learner")),
            ReplicationOptions = ParseReplication(node, Positive(node.GetTimeSpan("tick-interval"), "paxos.node.tick-interval")),
            StoreOptions = ParseStore(node),
        };
        settings.Validate(config.Origin);
        return settings;
    }

    private static ProposerOptions ParseProposer(Config c) => new()
    {
        PipelineWindow = c.GetInt("pipeline-window"),
        MaxBatchSize = c.GetInt("max-batch-size"),
        RetransmitTicks = c.GetInt("retransmit-ticks"),
        MaxPendingCommands = c.GetInt("max-pending-commands"),
    };

    private static LearnerOptions ParseLearner(Config c) => new()
    {
        CatchUpTicks = c.GetInt("catch-up-ticks"),
        MaxCatchUpEntries = c.GetInt("max-catch-up-entries"),
        IdleProbeTicks = c.GetInt("idle-probe-ticks"),
    };

    private static TimeSpan Positive(TimeSpan value, string path) =>
        value > TimeSpan.Zero ? value : throw new ConfigException($"{path} must be a positive duration, not {value}");
}
