using PaxosAkka.Consensus.Tests.Support;
using static PaxosAkka.Consensus.PaxosProtocol;
using static PaxosAkka.Consensus.Tests.Support.Fixtures;

namespace PaxosAkka.Consensus.Tests;

/// <summary>Single-decree Paxos (the Synod, Paxos Made Simple §2) over the shared acceptor.</summary>
public class SynodTests
{
    /// <summary>Delivers messages between Synod proposers and acceptors until quiet.</summary>
    private static List<ProposerEvent> Exchange(IReadOnlyList<SynodProposer> proposers, IReadOnlyList<Acceptor> acceptors, Func<PaxosMessage, bool>? drop = null)
    {
        var events = new List<ProposerEvent>();
        var queue = new Queue<PaxosMessage>();
        for (int round = 0; round < 10_000; round++)
        {
            foreach (var role in proposers.Cast<IPaxosRole>().Concat(acceptors))
            {
                var ready = role.GetReady();
                events.AddRange(ready.Events);
                foreach (var message in ready.Messages)
                {
                    queue.Enqueue(message);
                }
            }

            if (queue.Count == 0)
            {
                return events;
            }

            while (queue.TryDequeue(out var message))
            {
                if (drop?.Invoke(message) == true)
                {
                    continue;
                }

                foreach (var role in proposers.Cast<IPaxosRole>().Concat(acceptors))
                {
                    role.Step(message);
                }
            }
        }

        return events;
    }

    private static Acceptor[] Acceptors() => [.. Three.Acceptors.Select(id => new Acceptor(id, Three, AcceptorDurableState.Empty))];

    [Fact]
    public void Synod_decides_single_value()
    {
        var proposer = new SynodProposer(0, Three);
        var acceptors = Acceptors();
        proposer.Propose(Value("v", 1));
        Exchange([proposer], acceptors);

        Assert.Equal(SynodPhase.Decided, proposer.Phase);
        Assert.Equal(Value("v", 1), proposer.Decided);
        Assert.All(acceptors, a => Assert.Equal(Value("v", 1), a.Durable.Accepted[SynodProposer.Slot].Value));
    }

    // Paxos Made Simple §2.2 (P2c): a later proposer must propose the value already accepted, not its own.
    [Fact]
    public void Synod_adopts_a_previously_accepted_value()
    {
        var first = new SynodProposer(0, Three);
        var second = new SynodProposer(1, Three);
        var acceptors = Acceptors();
        first.Propose(Value("first", 1));
        Exchange([first], acceptors);

        second.Propose(Value("second", 1));
        Exchange([second], acceptors);

        Assert.Equal(Value("first", 1), second.Decided);
    }

    [Fact]
    public void Synod_preempted_proposer_retries_with_a_higher_ballot()
    {
        var first = new SynodProposer(0, Three);
        var second = new SynodProposer(1, Three);
        var acceptors = Acceptors();
        second.Propose(Value("second", 1));
        Exchange([second], acceptors, drop: m => m is Accept); // second reaches phase 2 but its Accepts are lost
        first.Propose(Value("first", 1));
        var events = Exchange([first], acceptors);
        Assert.Equal(SynodPhase.Preempted, first.Phase);
        Assert.Equal(new SteppedDown(second.CurrentBallot), events.OfType<SteppedDown>().First());

        first.Propose(Value("first", 1));
        Exchange([first], acceptors);

        Assert.True(first.CurrentBallot > second.CurrentBallot);
        Assert.Equal(Value("first", 1), first.Decided);
    }

    [Fact]
    public void Duelling_synod_proposers_never_decide_different_values()
    {
        for (int seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var proposers = new[] { new SynodProposer(0, Three), new SynodProposer(1, Three), new SynodProposer(2, Three) };
            var acceptors = Acceptors();
            for (int attempt = 0; attempt < 6 && proposers.All(p => p.Decided is null); attempt++)
            {
                foreach (var p in proposers.Where(p => p.Phase is SynodPhase.Idle or SynodPhase.Preempted || random.Next(3) == 0))
                {
                    p.Propose(Value($"p{p.Id}", 1));
                }

                Exchange(proposers, acceptors, drop: _ => random.NextDouble() < 0.3);
                foreach (var p in proposers)
                {
                    p.Tick();
                    p.Tick();
                    p.Tick();
                }

                Exchange(proposers, acceptors, drop: _ => random.NextDouble() < 0.3);
            }

            var decided = proposers.Select(p => p.Decided).Where(v => v is not null).Distinct().ToList();
            Assert.True(decided.Count <= 1, $"seed {seed}: decided {string.Join(", ", decided)}");
        }
    }
}
