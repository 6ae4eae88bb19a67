using PaxosAkka.Cmd.Synchronous;
using static PaxosAkka.Cmd.Synchronous.SynchronousEvents;

namespace PaxosAkka.Cmd.Tests;

public class SynchronousPaxosTests
{
    private static SynchronousResult Run(int nodes, double crash, int rounds, int seed, List<SynchronousEvent>? events = null) =>
        SynchronousPaxos.Run(new SynchronousOptions(nodes, crash, rounds, ValueDomain.Binary), new Random(seed), e => events?.Add(e));

    [Fact]
    public void Agreement_and_validity_hold_over_many_seeds_and_crash_rates()
    {
        // Paxos Made Simple §2: safety holds whatever crashes happen. 5 sizes x 4 rates x 60 seeds.
        foreach (var nodes in new[] { 1, 2, 3, 5, 7 })
        {
            foreach (var crash in new[] { 0.05, 0.2, 0.4, 0.7 })
            {
                for (var seed = 0; seed < 60; seed++)
                {
                    var result = Run(nodes, crash, 15, seed);

                    Assert.True(result.Verdict.Holds, $"nodes={nodes} crash={crash} seed={seed}: {string.Join("; ", result.Verdict.Problems)}");
                    Assert.Single(result.Learned.Select(l => l.Value).Distinct().DefaultIfEmpty());
                }
            }
        }
    }

    [Fact]
    public void After_a_value_is_chosen_every_later_round_proposes_that_value()
    {
        // P2c (Paxos Made Simple §2.2): a later ballot must adopt the highest accepted value from its promises.
        for (var seed = 0; seed < 100; seed++)
        {
            var result = Run(5, 0.3, 12, seed);
            var chosenRound = result.Rounds.FirstOrDefault(r => r.Outcome == RoundOutcome.Chosen);
            if (chosenRound is null)
            {
                continue;
            }

            foreach (var later in result.Rounds.Where(r => r.Round > chosenRound.Round && r.Proposed is not null))
            {
                Assert.Equal(chosenRound.Proposed, later.Proposed);

                // Its promise quorum intersects the quorum that accepted, so some promise reported the value.
                Assert.NotNull(later.Adopted);
                Assert.Equal(chosenRound.Proposed, later.Adopted.Value);
            }
        }
    }

    [Fact]
    public void Round_r_is_led_by_node_r_mod_n_with_its_own_ballot()
    {
        var result = Run(4, 0.0, 9, seed: 2);

        Assert.Equal(Enumerable.Range(0, 9).Select(r => r % 4), result.Rounds.Select(r => r.Proposer));
        Assert.Equal(Enumerable.Range(1, 9).Select(r => (long)r), result.Rounds.Select(r => r.Ballot.Round));
        Assert.All(result.Rounds, r => Assert.Equal(RoundOutcome.Chosen, r.Outcome));
    }

    [Fact]
    public void Without_crashes_the_first_proposer_input_is_decided_by_every_node()
    {
        var events = new List<SynchronousEvent>();
        var result = Run(5, 0.0, 1, seed: 9, events);

        Assert.Equal(result.Inputs[0], result.Verdict.Decided);
        Assert.Equal(5, result.Learned.Length);
        Assert.DoesNotContain(events, e => e is NodeCrashed or MessageLost);
    }

    [Fact]
    public void A_crashed_node_drops_what_is_sent_to_it_and_restarts_next_round()
    {
        var events = new List<SynchronousEvent>();
        Run(3, 0.5, 10, seed: 4, events);

        var crash = events.OfType<NodeCrashed>().First();
        Assert.Contains(events, e => e is NodeRecovered r && r.Node == crash.Node && r.Round == crash.Round + 1);
        Assert.DoesNotContain(events, e => e is MessageSent s && s.Round == crash.Round && s.Step >= crash.Step && s.Message.From == crash.Node);
    }

    [Fact]
    public void Same_seed_gives_the_same_event_sequence()
    {
        var first = new List<SynchronousEvent>();
        var second = new List<SynchronousEvent>();
        Run(5, 0.3, 10, seed: 123, first);
        Run(5, 0.3, 10, seed: 123, second);

        Assert.Equal(first.Select(Describe), second.Select(Describe));
        Assert.Contains(first, e => e is NodeCrashed);
    }

    // Events hold immutable collections, which compare by reference; compare what a reader would see.
    private static string Describe(SynchronousEvent e) => e switch
    {
        RunStarted s => $"start {string.Join(',', s.Inputs)}",
        NodeRecovered r => $"recover {r.Round} n{r.Node} {SynchronousReport.Show(r.State)}",
        MessageSent m => $"sent {m.Round}/{m.Step} n{m.Message.From}->n{m.Message.To} {SynchronousReport.Show(m.Message)}",
        MessageLost m => $"lost {m.Round}/{m.Step} n{m.Message.From}->n{m.Message.To} {SynchronousReport.Show(m.Message)}",
        ValueLearned l => $"learned {l.Round}/{l.Step} n{l.Node} {SynodValues.Show(l.Value)}",
        RoundEnded r => $"end {r.Summary.Round} {r.Summary.Outcome} {string.Join(',', r.Summary.Acceptances)}",
        RunEnded r => $"verdict {r.Result.Verdict.Holds} {r.Result.Verdict.Decided}",
        _ => e.ToString(),
    };

    [Fact]
    public void Crash_draws_respect_the_probability_bounds()
    {
        var random = new Random(1);

        Assert.All(SynchronousRound.DrawCrashes(50, 0.0, random), step => Assert.Equal(int.MaxValue, step));
        Assert.All(SynchronousRound.DrawCrashes(50, 1.0, random), step => Assert.InRange(step, 1, RoundSteps.Last));
    }

    [Fact]
    public void Verdict_flags_differing_decisions_as_an_agreement_violation()
    {
        var learned = new List<ValueLearned>
        {
            new(0, 5, 0, SynodValues.Encode(0), null),
            new(1, 5, 1, SynodValues.Encode(1), null),
        };

        var verdict = SynchronousVerdict.Judge([0, 1], learned, sawConflictingBallot: false);

        Assert.False(verdict.Agreement);
        Assert.True(verdict.Validity);
        Assert.Null(verdict.Decided);
        Assert.False(verdict.Holds);
    }

    [Fact]
    public void Verdict_flags_a_value_nobody_proposed_as_a_validity_violation()
    {
        var learned = new List<ValueLearned> { new(0, 5, 0, SynodValues.Encode(1), null) };

        var verdict = SynchronousVerdict.Judge([0, 0, 0], learned, sawConflictingBallot: false);

        Assert.True(verdict.Agreement);
        Assert.False(verdict.Validity);
        Assert.Contains(verdict.Problems, p => p.StartsWith("Validity violated", StringComparison.Ordinal));
    }

    [Fact]
    public void Verdict_flags_two_values_in_one_ballot_as_an_agreement_violation()
    {
        var verdict = SynchronousVerdict.Judge([0, 1], [], sawConflictingBallot: true);

        Assert.False(verdict.Agreement);
    }

    [Fact]
    public void Input_values_round_trip_and_foreign_values_do_not_decode()
    {
        Assert.Equal(1, SynodValues.Decode(SynodValues.Encode(1)));
        Assert.Equal(937, SynodValues.Decode(SynodValues.Encode(937)));
        Assert.Equal(SynodValues.Encode(1), SynodValues.Encode(1));
        Assert.Null(SynodValues.Decode(Consensus.SlotValue.NoOp));
        Assert.Null(SynodValues.Decode(null));
    }
}
