using PaxosAkka.Consensus.Tests.Support;
using static PaxosAkka.Consensus.Tests.Support.Fixtures;

namespace PaxosAkka.Consensus.Tests;

/// <summary>What a stale leader learns when another leader's value wins one of its slots.</summary>
public class StaleLeaderTests
{
    [Fact]
    public void Stale_leader_reports_commands_whose_slot_another_value_won()
    {
        var proposer = new Proposer(0, Three, ProposerOptions.Default);
        proposer.ElectWithEmptyPromises(1, 2);
        proposer.Propose(Cmd("c", 1));
        proposer.Propose(Cmd("d", 1));
        proposer.GetReady();

        proposer.ObserveChosen(0, Value("other", 1));

        Assert.Equal(
            [new CommandId("c", 1), new CommandId("d", 1)],
            proposer.GetReady().Reported<ProposalRejected>().Select(r => r.CommandId));
        Assert.Equal(0, proposer.InFlightSlots);
    }

    [Fact]
    public void Own_value_observed_chosen_is_not_reported()
    {
        var proposer = new Proposer(0, Three, ProposerOptions.Default);
        proposer.ElectWithEmptyPromises(1, 2);
        proposer.Propose(Cmd("c", 1));
        proposer.GetReady();

        proposer.ObserveChosen(0, Value("c", 1));

        Assert.Empty(proposer.GetReady().Reported<ProposalRejected>());
        Assert.Equal(1, proposer.FirstUnchosenSlot);
    }
}
