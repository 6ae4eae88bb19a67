using PaxosAkka.Node.Election;

namespace PaxosAkka.Node.Tests;

/// <summary>The Bully algorithm (Garcia-Molina 1982): the highest-id candidate alive coordinates.</summary>
public sealed class BullyElectionTests
{
    private static BullyElection Create(int self) => new(self, [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], answerTimeoutTicks: 3, coordinatorTimeoutTicks: 5);

    [Fact]
    public void Highest_candidate_wins_at_once_and_announces_itself_to_everyone()
    {
        var election = Create(5);
        election.Start();
        Assert.Equal(5, election.Coordinator);
        Assert.Equal([1, 2, 3, 4], election.Drain().Where(m => m.Kind == BullyMessageKind.Coordinator).Select(m => m.To));
    }

    [Fact]
    public void Lower_candidate_asks_only_higher_candidates_and_wins_when_none_answers()
    {
        var election = Create(3);
        election.Start();
        Assert.Equal([new BullyOutgoing(4, BullyMessageKind.Election), new BullyOutgoing(5, BullyMessageKind.Election)], election.Drain());
        election.Tick();
        election.Tick();
        Assert.Null(election.Coordinator);
        election.Tick();
        Assert.Equal(3, election.Coordinator);
    }

    [Fact]
    public void An_answer_makes_the_candidate_wait_for_the_coordinator_and_start_over_if_it_never_comes()
    {
        var election = Create(3);
        election.Start();
        election.Drain();
        election.OnAnswer(5);
        for (int i = 0; i < 4; i++)
        {
            election.Tick();
        }

        Assert.Equal(BullyPhase.AwaitingCoordinator, election.Phase);
        Assert.Empty(election.Drain());
        election.Tick();
        Assert.Equal(BullyPhase.Electing, election.Phase);
        Assert.Contains(new BullyOutgoing(5, BullyMessageKind.Election), election.Drain());
    }

    [Fact]
    public void Election_from_a_lower_node_is_answered_and_the_higher_node_takes_over()
    {
        var election = Create(4);
        election.OnElection(2);
        var sent = election.Drain();
        Assert.Contains(new BullyOutgoing(2, BullyMessageKind.Answer), sent);
        Assert.Contains(new BullyOutgoing(5, BullyMessageKind.Election), sent);
    }

    [Fact]
    public void Suspected_peers_are_skipped_so_failover_does_not_wait_for_them()
    {
        var election = Create(4);
        election.OnCoordinator(5);
        Assert.Equal(5, election.Coordinator);
        election.PeerDown(5);
        Assert.Equal(4, election.Coordinator);
    }

    [Fact]
    public void A_lower_node_claiming_coordination_is_bullied_by_a_live_higher_one()
    {
        var election = Create(5);
        election.Start();
        election.Drain();
        election.OnCoordinator(3);
        Assert.Equal(5, election.Coordinator);
        Assert.Contains(new BullyOutgoing(3, BullyMessageKind.Coordinator), election.Drain());
    }

    [Fact]
    public void A_returning_peer_is_told_who_coordinates()
    {
        var election = Create(5);
        election.Start();
        election.Drain();
        election.PeerDown(2);
        election.PeerUp(2);
        Assert.Equal([new BullyOutgoing(2, BullyMessageKind.Coordinator)], election.Drain());
    }

    [Fact]
    public void A_non_candidate_never_leads_and_follows_announcements()
    {
        var election = new BullyElection(9, [1, 2], [1, 2, 9], 1, 1);
        election.Start();
        election.Tick();
        Assert.Null(election.Coordinator);
        election.OnCoordinator(2);
        Assert.Equal(2, election.Coordinator);
    }

    [Fact]
    public void A_stale_announcement_from_a_lower_node_does_not_replace_a_live_higher_coordinator()
    {
        // Node 3 won while 4 was slow to answer; 3's COORDINATOR was overtaken by 4's on the way to node 1.
        var election = Create(1);
        election.OnCoordinator(4);
        election.OnCoordinator(3);
        Assert.Equal(4, election.Coordinator);
    }

    [Fact]
    public void A_lower_announcement_is_followed_once_the_higher_coordinator_is_suspected()
    {
        var election = new BullyElection(9, [1, 2, 3], [1, 2, 3, 9], 1, 1);
        election.OnCoordinator(3);
        election.PeerDown(3);
        election.OnCoordinator(2);
        Assert.Equal(2, election.Coordinator);
    }

    [Fact]
    public void A_late_announcement_from_a_suspected_peer_is_ignored_until_it_is_heard_again()
    {
        var election = Create(1);
        election.PeerDown(5);
        election.OnCoordinator(5);
        Assert.Null(election.Coordinator);
        election.PeerUp(5);
        election.OnCoordinator(5);
        Assert.Equal(5, election.Coordinator);
    }

    [Fact]
    public void A_higher_announcement_replaces_a_lower_coordinator()
    {
        var election = Create(1);
        election.OnCoordinator(3);
        election.OnCoordinator(4);
        Assert.Equal(4, election.Coordinator);
    }

    [Fact]
    public void Coordinator_reannounces_itself_every_interval_to_the_peers_not_suspected()
    {
        var election = new BullyElection(5, [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], answerTimeoutTicks: 3, coordinatorTimeoutTicks: 5, reannounceTicks: 4);
        election.Start();
        election.PeerDown(2);
        election.Drain();
        for (int tick = 0; tick < 3; tick++)
        {
            election.Tick();
        }

        Assert.Empty(election.Drain());
        election.Tick();
        Assert.Equal([1, 3, 4], election.Drain().Where(m => m.Kind == BullyMessageKind.Coordinator).Select(m => m.To));
    }

    [Fact]
    public void A_follower_never_reannounces()
    {
        var election = Create(2);
        election.OnCoordinator(5);
        for (int tick = 0; tick < 20; tick++)
        {
            election.Tick();
        }

        Assert.Empty(election.Drain());
        Assert.Equal(5, election.Coordinator);
    }

    [Fact]
    public void A_follower_of_a_live_higher_coordinator_answers_a_lower_election_but_keeps_its_coordinator()
    {
        var election = Create(3);
        election.OnCoordinator(5);
        election.OnElection(1);
        Assert.Equal([new BullyOutgoing(1, BullyMessageKind.Answer)], election.Drain());
        Assert.Equal(5, election.Coordinator);
        Assert.Equal(BullyPhase.Idle, election.Phase);
    }

    [Fact]
    public void A_follower_of_a_live_higher_coordinator_leaves_a_lower_claimant_to_that_coordinator()
    {
        var election = Create(4);
        election.OnCoordinator(5);
        election.OnCoordinator(2);
        Assert.Empty(election.Drain());
        Assert.Equal(5, election.Coordinator);
    }

    [Fact]
    public void A_follower_whose_coordinator_is_suspected_takes_over_a_lower_election()
    {
        var election = Create(3);
        election.OnCoordinator(5);
        election.PeerDown(5);
        election.Drain();
        election.OnCoordinator(4);
        election.PeerDown(4);
        var sent = election.Drain();
        Assert.Equal(3, election.Coordinator);
        Assert.Equal([1, 2], sent.Where(m => m.Kind == BullyMessageKind.Coordinator).Select(m => m.To));
    }

    /// <summary>
    /// The process-level symptom, replayed over many seeds: after the coordinator dies, survivors suspect it at
    /// different ticks, messages take 0-4 ticks (longer than the answer timeout, so a lower node can win while a
    /// higher one is slow to answer) and announcements from different senders overtake each other, only each
    /// link staying in order. Every survivor must follow the highest survivor within a few re-announce intervals
    /// of the last suspicion, and keep following it.
    /// </summary>
    [Fact]
    public void Survivors_converge_on_the_highest_live_candidate_whatever_order_announcements_arrive_in()
    {
        for (int seed = 1; seed <= 300; seed++)
        {
            var net = new BullyNetwork(seed, nodes: 5, maxDelayTicks: 4);
            net.StartAll();
            net.Run(ticks: 40);
            Assert.True(net.AllLiveFollow(5), $"seed {seed}: before the crash {net.Describe()}");

            net.Kill(5);
            int lastSuspicion = net.SuspectAtRandomTicks(5, withinTicks: 10);
            net.Run(ticks: lastSuspicion + 15);
            for (int settled = 0; settled < 20; settled++)
            {
                Assert.True(net.AllLiveFollow(4), $"seed {seed}: {settled} ticks after convergence was due {net.Describe()}");
                net.Run(ticks: 1);
            }
        }
    }

    [Fact]
    public void A_restarted_highest_candidate_takes_over_again_and_every_node_follows_it()
    {
        for (int seed = 1; seed <= 200; seed++)
        {
            var net = new BullyNetwork(seed, nodes: 5, maxDelayTicks: 4);
            net.StartAll();
            net.Kill(5);
            net.Run(ticks: net.SuspectAtRandomTicks(5, withinTicks: 10) + 15);
            Assert.True(net.AllLiveFollow(4), $"seed {seed}: after the crash {net.Describe()}");

            net.Restart(5);
            net.Run(ticks: net.HearAtRandomTicks(5, withinTicks: 5) + 15);
            for (int settled = 0; settled < 20; settled++)
            {
                Assert.True(net.AllLiveFollow(5), $"seed {seed}: {settled} ticks after convergence was due {net.Describe()}");
                net.Run(ticks: 1);
            }
        }
    }

    /// <summary>
    /// A few BullyElections wired by a seeded network: per-link FIFO with random delays, links interleaved at
    /// random, dead nodes drop what they are sent. Time is the tick count.
    /// </summary>
    private sealed class BullyNetwork
    {
        private readonly Random _random;
        private readonly int _maxDelayTicks;
        private readonly Dictionary<int, BullyElection> _nodes;
        private readonly HashSet<int> _dead = [];
        private readonly Dictionary<(int From, int To), Queue<(long DueTick, BullyMessageKind Kind)>> _links = [];
        private readonly List<(long Tick, int Node, int Peer, bool Up)> _verdicts = [];
        private long _now;

        public BullyNetwork(int seed, int nodes, int maxDelayTicks)
        {
            _random = new Random(seed);
            _maxDelayTicks = maxDelayTicks;
            var ids = Enumerable.Range(1, nodes).ToArray();
            _nodes = ids.ToDictionary(id => id, id => new BullyElection(id, ids, ids, answerTimeoutTicks: 3, coordinatorTimeoutTicks: 10));
        }

        public void StartAll()
        {
            foreach (var id in _nodes.Keys)
            {
                Step(id, _nodes[id].Start);
            }
        }

        public void Kill(int id) => _dead.Add(id);

        /// <summary>A fresh incarnation of <paramref name="id"/>: what was on the wire to the old one is gone.</summary>
        public void Restart(int id)
        {
            _dead.Remove(id);
            foreach (var link in _links.Where(l => l.Key.To == id))
            {
                link.Value.Clear();
            }

            var ids = _nodes.Keys.ToArray();
            _nodes[id] = new BullyElection(id, ids, ids, answerTimeoutTicks: 3, coordinatorTimeoutTicks: 10);
            Step(id, _nodes[id].Start);
        }

        /// <summary>Each other live node hears <paramref name="peer"/>'s heartbeats again at its own tick; returns the last.</summary>
        public int HearAtRandomTicks(int peer, int withinTicks) => ScheduleVerdicts(peer, withinTicks, up: true);

        /// <summary>Each live node's failure detector suspects <paramref name="peer"/> at its own tick; returns the last.</summary>
        public int SuspectAtRandomTicks(int peer, int withinTicks) => ScheduleVerdicts(peer, withinTicks, up: false);

        public void Run(int ticks)
        {
            for (int i = 0; i < ticks; i++)
            {
                _now++;
                foreach (var (_, node, peer, up) in _verdicts.Where(v => v.Tick == _now).ToList())
                {
                    var election = _nodes[node];
                    Step(node, up ? () => election.PeerUp(peer) : () => election.PeerDown(peer));
                }

                Deliver();
                foreach (var id in Live())
                {
                    Step(id, _nodes[id].Tick);
                }
            }
        }

        public bool AllLiveFollow(int coordinator) => Live().All(id => _nodes[id].Coordinator == coordinator);

        public string Describe() => string.Join(", ", _nodes.Select(n => $"{n.Key}:{(_dead.Contains(n.Key) ? "dead" : n.Value.Coordinator?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-")}"));

        private List<int> Live() => [.. _nodes.Keys.Where(id => !_dead.Contains(id))];

        private int ScheduleVerdicts(int peer, int withinTicks, bool up)
        {
            int last = 0;
            foreach (var id in Live().Where(id => id != peer))
            {
                int after = _random.Next(1, withinTicks + 1);
                last = Math.Max(last, after);
                _verdicts.Add((_now + after, id, peer, up));
            }

            return last;
        }

        private void Step(int id, Action input)
        {
            input();
            foreach (var message in _nodes[id].Drain())
            {
                if (!_links.TryGetValue((id, message.To), out var link))
                {
                    link = new Queue<(long, BullyMessageKind)>();
                    _links[(id, message.To)] = link;
                }

                // FIFO per link, as over one connection: never due before the message queued ahead of it.
                long due = _now + _random.Next(0, _maxDelayTicks + 1);
                link.Enqueue((link.Count > 0 ? Math.Max(due, link.Last().DueTick) : due, message.Kind));
            }
        }

        private void Deliver()
        {
            while (true)
            {
                var ready = _links.Where(l => l.Value.Count > 0 && l.Value.Peek().DueTick <= _now).Select(l => l.Key).ToList();
                if (ready.Count == 0)
                {
                    return;
                }

                // Links interleave at random, so announcements from different senders overtake each other.
                var (from, to) = ready[_random.Next(ready.Count)];
                var (_, kind) = _links[(from, to)].Dequeue();
                // A dead node's last messages still arrive (they were on the wire); a dead node hears nothing.
                if (_dead.Contains(to))
                {
                    continue;
                }

                var target = _nodes[to];
                Step(to, kind switch
                {
                    BullyMessageKind.Election => () => target.OnElection(from),
                    BullyMessageKind.Answer => () => target.OnAnswer(from),
                    _ => () => target.OnCoordinator(from),
                });
            }
        }
    }
}
