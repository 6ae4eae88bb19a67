using System.Collections.Immutable;
using System.Text;

namespace PaxosAkka.Consensus.Tests.Support;

/// <summary>Small builders that keep the protocol tests readable.</summary>
internal static class Fixtures
{
    public static PaxosTopology Three { get; } = PaxosTopology.Symmetric(3);

    public static PaxosTopology Five { get; } = PaxosTopology.Symmetric(5);

    public static Command Cmd(string client, long sequence, string payload = "x") =>
        new(new CommandId(client, sequence), Encoding.UTF8.GetBytes(payload));

    public static SlotValue Value(string client, long sequence) => SlotValue.Of(Cmd(client, sequence));

    public static Ballot B(long round, int proposer) => new(round, proposer);

    public static AcceptedEntry Entry(long slot, Ballot ballot, SlotValue value) => new(slot, ballot, value);

    public static ImmutableArray<AcceptedEntry> Entries(params AcceptedEntry[] entries) => [.. entries];

    /// <summary>The messages of a Ready of the given type.</summary>
    public static List<T> Sent<T>(this Ready ready)
        where T : PaxosMessage => [.. ready.Messages.OfType<T>()];

    /// <summary>The events of a Ready of the given type.</summary>
    public static List<T> Reported<T>(this Ready ready)
        where T : ProposerEvent => [.. ready.Events.OfType<T>()];

    /// <summary>Drives a proposer through phase 1 with empty promises from the given acceptors.</summary>
    public static Ready ElectWithEmptyPromises(this Proposer proposer, params int[] acceptors)
    {
        proposer.Campaign();
        var prepare = proposer.GetReady().Sent<PaxosProtocol.Prepare>().First();
        foreach (int acceptor in acceptors)
        {
            proposer.Step(new PaxosProtocol.Promise(acceptor, proposer.Id, prepare.Ballot, prepare.FromSlot, []));
        }

        return proposer.GetReady();
    }

    /// <summary>Answers every Accept of a Ready with Accepted from the given acceptors.</summary>
    public static void AcceptAll(this Proposer proposer, Ready ready, params int[] acceptors)
    {
        foreach (var accept in ready.Sent<PaxosProtocol.Accept>().DistinctBy(a => a.Slot))
        {
            foreach (int acceptor in acceptors)
            {
                proposer.Step(new PaxosProtocol.Accepted(acceptor, proposer.Id, accept.Ballot, accept.Slot, accept.Value));
            }
        }
    }
}
