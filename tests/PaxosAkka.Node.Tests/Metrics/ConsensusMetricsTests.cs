using System.Collections.Immutable;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Metrics;

using Prometheus;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Node.Tests.Metrics;

/// <summary>The consensus metrics the role actors record, read back through a real prometheus-net scrape.</summary>
public sealed class ConsensusMetricsTests
{
    private static readonly Ballot B1 = new(1, 1);

    [Fact]
    public async Task Every_consensus_metric_is_exported_at_zero_before_anything_happened()
    {
        var metrics = new ConsensusMetrics(NodeMetrics.CreateRegistry(), new ManualTimeProvider());
        var scrape = await ScrapeAsync(metrics.Registry);
        foreach (var counter in new[]
        {
            "paxos_proposer_chosen_slots_total", "paxos_proposer_chosen_commands_total", "paxos_proposer_campaigns_total",
            "paxos_learner_commits_total", "paxos_learner_committed_slots_total", "paxos_leader_changes_total",
            "paxos_elections_total", "paxos_heartbeats_missed_total", "paxos_election_peer_suspicions_total",
            "paxos_2pc_aborts_total", "paxos_store_snapshot_installs_total",
        })
        {
            Assert.Equal("counter", scrape.Types[counter]);
            Assert.Equal(0, scrape.Value(counter));
        }

        foreach (var histogram in new[]
        {
            "paxos_proposer_batch_size", "paxos_proposer_phase2_duration_seconds",
            "paxos_acceptor_persist_duration_seconds", "paxos_acceptor_persist_batch_size",
        })
        {
            Assert.Equal("histogram", scrape.Types[histogram]);
            Assert.Equal(0, scrape.Value(histogram + "_count"));
        }

        // Process and garbage-collector metrics come with every node's registry.
        Assert.Contains("process_cpu_seconds_total", scrape.Types.Keys);
        Assert.Contains("dotnet_collection_count_total", scrape.Types.Keys);
    }

    [Fact]
    public async Task Phase_2_runs_from_the_first_accept_of_a_slot_to_its_first_chosen()
    {
        var clock = new ManualTimeProvider();
        var metrics = new ConsensusMetrics(NodeMetrics.CreateRegistry(), clock);
        var observer = new Phase2Observer(metrics);
        var batch = Value(3);

        // Accepts to three acceptors open slot 7 once; a retransmit 40 ms later does not restart its clock.
        observer.Observe([new Accept(1, 6, B1, 7, batch), new Accept(1, 7, B1, 7, batch), new Accept(1, 8, B1, 7, batch)]);
        clock.Advance(TimeSpan.FromMilliseconds(40));
        observer.Observe([new Accept(1, 8, B1, 7, batch)]);
        clock.Advance(TimeSpan.FromMilliseconds(2));

        // Chosen goes to each learner; only the first closes the slot, and the idle leader's repeat is ignored.
        observer.Observe([new Chosen(1, 11, 7, batch), new Chosen(1, 12, 7, batch)]);
        observer.Observe([new Chosen(1, 11, 7, batch)]);

        var scrape = await ScrapeAsync(metrics.Registry);
        Assert.Equal(1, scrape.Value("paxos_proposer_chosen_slots_total"));
        Assert.Equal(3, scrape.Value("paxos_proposer_chosen_commands_total"));
        Assert.Equal(1, scrape.Value("paxos_proposer_phase2_duration_seconds_count"));
        Assert.Equal(0.042, scrape.Value("paxos_proposer_phase2_duration_seconds_sum"), 9);
        Assert.Equal(0, scrape.Value("paxos_proposer_phase2_duration_seconds_bucket", ("le", "0.025")));
        Assert.Equal(1, scrape.Value("paxos_proposer_phase2_duration_seconds_bucket", ("le", "0.05")));
        Assert.Equal(1, scrape.Value("paxos_proposer_batch_size_count"));
        Assert.Equal(3, scrape.Value("paxos_proposer_batch_size_sum"));
        Assert.Equal(0, observer.OpenSlots);
    }

    [Fact]
    public async Task No_ops_are_timed_but_are_not_batches_and_a_change_of_leadership_forgets_open_slots()
    {
        var clock = new ManualTimeProvider();
        var metrics = new ConsensusMetrics(NodeMetrics.CreateRegistry(), clock);
        var observer = new Phase2Observer(metrics);

        observer.Observe([new Accept(1, 6, B1, 0, SlotValue.NoOp), new Accept(1, 6, B1, 1, Value(2))]);
        observer.Observe([new Chosen(1, 11, 0, SlotValue.NoOp)]);
        Assert.Equal(1, observer.OpenSlots);
        observer.Reset();
        observer.Observe([new Chosen(1, 11, 1, Value(2))]);

        var scrape = await ScrapeAsync(metrics.Registry);
        Assert.Equal(1, scrape.Value("paxos_proposer_chosen_slots_total"));
        Assert.Equal(0, scrape.Value("paxos_proposer_chosen_commands_total"));
        Assert.Equal(1, scrape.Value("paxos_proposer_batch_size_count"));
        Assert.Equal(1, scrape.Value("paxos_proposer_phase2_duration_seconds_count"));
    }

    [Fact]
    public async Task Learner_commits_count_commands_and_slots_and_persists_record_time_and_group_size()
    {
        var clock = new ManualTimeProvider();
        var metrics = new ConsensusMetrics(NodeMetrics.CreateRegistry(), clock);
        metrics.ObserveCommitted([new ChosenEntry(0, Value(2)), new ChosenEntry(1, SlotValue.NoOp), new ChosenEntry(2, Value(1))]);
        metrics.ObserveCommitted(ImmutableArray<ChosenEntry>.Empty);
        long start = metrics.Timestamp();
        clock.Advance(TimeSpan.FromMilliseconds(3));
        metrics.ObservePersist(start, 16);

        var scrape = await ScrapeAsync(metrics.Registry);
        Assert.Equal(3, scrape.Value("paxos_learner_commits_total"));
        Assert.Equal(3, scrape.Value("paxos_learner_committed_slots_total"));
        Assert.Equal(0.003, scrape.Value("paxos_acceptor_persist_duration_seconds_sum"), 9);
        Assert.Equal(16, scrape.Value("paxos_acceptor_persist_batch_size_sum"));
        Assert.Equal(1, scrape.Value("paxos_acceptor_persist_batch_size_bucket", ("le", "16")));
        Assert.Equal(0, scrape.Value("paxos_acceptor_persist_batch_size_bucket", ("le", "8")));
    }

    [Fact]
    public void A_missed_heartbeat_is_counted_once_after_one_interval_of_slack()
    {
        var interval = TimeSpan.FromMilliseconds(100);
        var misses = new HeartbeatMissCounter(interval);
        Assert.Equal(0, misses.OnTick(TimeSpan.FromSeconds(5))); // a peer never heard is not counted

        misses.OnHeartbeat(2, TimeSpan.Zero);
        misses.OnHeartbeat(3, TimeSpan.Zero);
        Assert.Equal(0, misses.OnTick(TimeSpan.FromMilliseconds(199))); // late, but within the slack
        misses.OnHeartbeat(3, TimeSpan.FromMilliseconds(199));
        Assert.Equal(1, misses.OnTick(TimeSpan.FromMilliseconds(200))); // peer 2 missed the beat due at 100 ms
        Assert.Equal(0, misses.OnTick(TimeSpan.FromMilliseconds(250)));
        misses.OnHeartbeat(3, TimeSpan.FromMilliseconds(450));
        Assert.Equal(3, misses.OnTick(TimeSpan.FromMilliseconds(500))); // peer 2 also missed those due at 200, 300 and 400 ms
        misses.OnHeartbeat(2, TimeSpan.FromMilliseconds(510));
        Assert.Equal(1, misses.OnTick(TimeSpan.FromMilliseconds(700))); // peer 3 missed the one due at 550 ms
    }

    [Theory]
    [InlineData("(3.2)", 3d)]
    [InlineData("(0.0)", 0d)]
    [InlineData("(12345678901.5)", 12345678901d)]
    [InlineData("garbage", double.NaN)]
    [InlineData("", double.NaN)]
    public void Ballot_round_is_read_from_the_core_ballot_text(string ballot, double expected) =>
        Assert.Equal(expected, NodeMetrics.ParseBallotRound(ballot));

    [Fact]
    public async Task Two_nodes_in_one_process_keep_their_counts_apart()
    {
        var a = new ConsensusMetrics(NodeMetrics.CreateRegistry(), new ManualTimeProvider());
        var b = new ConsensusMetrics(NodeMetrics.CreateRegistry(), new ManualTimeProvider());
        a.ObserveLeaderChange();
        a.ObserveLeaderChange();
        b.ObserveSnapshotInstalled();
        Assert.Equal(2, (await ScrapeAsync(a.Registry)).Value("paxos_leader_changes_total"));
        Assert.Equal(0, (await ScrapeAsync(b.Registry)).Value("paxos_leader_changes_total"));
        Assert.Equal(0, (await ScrapeAsync(a.Registry)).Value("paxos_store_snapshot_installs_total"));
        Assert.Equal(1, (await ScrapeAsync(b.Registry)).Value("paxos_store_snapshot_installs_total"));
    }

    internal static async Task<Scrape> ScrapeAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream, ExpositionFormat.PrometheusText, CancellationToken.None);
        return ExpositionParser.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static SlotValue Value(int commands) =>
        new([.. Enumerable.Range(0, commands).Select(i => new Command(new CommandId("c", i), [1]))]);
}
