using static PaxosAkka.Consensus.PaxosProtocol;
using static PaxosAkka.Consensus.Tests.Support.Fixtures;

namespace PaxosAkka.Consensus.Tests;

/// <summary>
/// Phase 1 retransmits follow what the proposer learned meanwhile: a restarted leader whose learner catches up
/// during phase 1 must not keep asking for (and receiving) the whole log in every Promise.
/// </summary>
public class PhaseOneRetransmitTests
{
    private static readonly SlotValue Value = SlotValue.Of(new Command(new CommandId("client", 1), [1, 2, 3]));

    [Fact]
    public void Prepare_retransmit_asks_only_from_slots_not_learned_chosen_during_phase_one()
    {
        var proposer = new Proposer(0, Three, ProposerOptions.Default);
        proposer.Campaign();
        var ballot = proposer.GetReady().Sent<Prepare>()[0].Ballot;
        proposer.Step(new Promise(1, 0, ballot, 0, []));
        for (long slot = 0; slot < 5; slot++)
        {
            proposer.ObserveChosen(slot, SlotValue.NoOp);
        }

        for (int i = 0; i < ProposerOptions.Default.RetransmitTicks; i++)
        {
            proposer.Tick();
        }

        var again = proposer.GetReady().Sent<Prepare>();
        Assert.Equal([0, 2], again.Select(p => p.To).Order());
        Assert.All(again, p => Assert.Equal(5, p.FromSlot));
    }

    // Paxos Made Simple §2.2 (P2c): the value a promiser reports above the new start is still adopted, and no
    // slot learned chosen is proposed again.
    [Fact]
    public void Leader_after_a_raised_phase_one_start_adopts_reported_values_and_skips_chosen_slots()
    {
        var proposer = new Proposer(0, Three, ProposerOptions.Default);
        proposer.Campaign();
        var ballot = proposer.GetReady().Sent<Prepare>()[0].Ballot;
        proposer.Step(new Promise(1, 0, ballot, 0, [new AcceptedEntry(2, B(1, 2), SlotValue.NoOp), new AcceptedEntry(6, B(1, 2), Value)]));
        for (long slot = 0; slot < 5; slot++)
        {
            proposer.ObserveChosen(slot, SlotValue.NoOp);
        }

        for (int i = 0; i < ProposerOptions.Default.RetransmitTicks; i++)
        {
            proposer.Tick();
        }

        proposer.GetReady();
        proposer.Step(new Promise(2, 0, ballot, 5, []));

        Assert.True(proposer.IsLeader);
        var accepts = proposer.GetReady().Sent<Accept>();
        Assert.DoesNotContain(accepts, a => a.Slot < 5);
        Assert.Contains(accepts, a => a.Slot == 6 && a.Value.Equals(Value));
    }
}
