using static PaxosAkka.Consensus.ReadIndexProtocol;

namespace PaxosAkka.Consensus;

/// <summary>
/// The acceptor's side of a read-index round (<see cref="ReadIndexProtocol"/>): report the promise held now. Kept
/// beside <see cref="Acceptor"/> rather than in its <c>Step</c>: the answer changes no durable state, so it needs no
/// Ready and the host may send it at once.
/// </summary>
public static class AcceptorReadIndex
{
    /// <summary>
    /// The answer of <paramref name="acceptor"/> to <paramref name="request"/>, or null for garbage (not addressed
    /// to it, not from a proposer, or a ballot that is not the sender's own).
    /// </summary>
    /// <remarks>
    /// The promise reported is the one in memory, which is never below the durable one: a higher Prepare stepped
    /// but not yet written makes the answer refuse, which is safe (a refused read falls back to the log). An
    /// answer that confirms says that no Promise above the ballot has left this acceptor, which is what the
    /// linearizability argument on <see cref="ReadIndexProtocol"/> needs.
    /// </remarks>
    public static LeadershipConfirmation? Confirm(this Acceptor acceptor, PaxosTopology topology, ConfirmLeadership request)
    {
        ArgumentNullException.ThrowIfNull(acceptor);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(request);
        if (request.To != acceptor.Id || !topology.IsProposer(request.From) || request.Ballot.IsZero
            || request.Ballot.ProposerId != request.From || request.Round < 0)
        {
            return null;
        }

        return new LeadershipConfirmation(acceptor.Id, request.From, request.Ballot, request.Round, acceptor.Promised);
    }
}
