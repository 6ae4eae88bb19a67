using static PaxosAkka.Consensus.ReadIndexProtocol;

namespace PaxosAkka.Consensus;

/// <summary>
/// Read-index reads of the Multi-Paxos leader (<see cref="ReadIndexProtocol"/> says why they are linearizable):
/// each read records the highest slot assigned when it arrived, and one confirmation round at a time covers every
/// read that arrived before the round was sent.
/// </summary>
public sealed partial class Proposer
{
    /// <summary>Retransmit periods a confirmation round may take before its reads are refused.</summary>
    internal const int ReadRoundRetransmits = 3;

    private readonly List<PendingRead> _readsWaiting = [];
    private ReadRound? _readRound;
    private long _readRounds;

    /// <summary>Reads waiting for a confirmation round or in the one in flight.</summary>
    public int PendingReads => _readsWaiting.Count + (_readRound?.Reads.Length ?? 0);

    /// <summary>
    /// The highest slot this leader has assigned (adopted values not yet re-proposed included) or knows chosen; -1
    /// when there is none. Every write acknowledged so far sits at or below it while this leader's ballot holds.
    /// </summary>
    public long HighestAssignedSlot => Math.Max(Math.Max(_nextSlot, _lastAdoptedSlot + 1), FirstUnchosenSlot) - 1;

    private bool CanStartReadRound => IsLeader && _readRound is null && _readsWaiting.Count > 0;

    /// <summary>
    /// A linearizable read arrived (host token <paramref name="token"/>). A leader answers later with
    /// <see cref="ReadIndexConfirmed"/> once a quorum confirmed its ballot in a round sent after now, or with
    /// <see cref="ReadIndexRefused"/>; anyone else refuses at once.
    /// </summary>
    public void RequestReadIndex(long token)
    {
        if (!IsLeader)
        {
            _ready.Report(new ReadIndexRefused(token));
            return;
        }

        _readsWaiting.Add(new PendingRead(token, HighestAssignedSlot));
    }

    /// <summary>Sends the next confirmation round, for every read that arrived since the last one was sent.</summary>
    private void StartReadRound()
    {
        if (!CanStartReadRound)
        {
            return;
        }

        _readRound = new ReadRound(++_readRounds, CurrentBallot, [.. _readsWaiting]);
        _readsWaiting.Clear();
        SendConfirmations(_readRound);
    }

    private void SendConfirmations(ReadRound round)
    {
        foreach (int acceptor in _topology.Acceptors)
        {
            if (!round.Acks.Contains(acceptor))
            {
                _ready.Send(new ConfirmLeadership(Id, acceptor, round.Ballot, round.Number));
            }
        }
    }

    private void OnLeadershipConfirmation(LeadershipConfirmation confirmation)
    {
        ObserveBallot(confirmation.Promised);
        if (_readRound is not { } round || confirmation.Round != round.Number || confirmation.Ballot != round.Ballot
            || !IsLeader || round.Ballot != CurrentBallot)
        {
            return; // An answer to an older round or ballot says nothing about reads that arrived since.
        }

        if (confirmation.Promised > round.Ballot)
        {
            // Preempted: a rival may already have had writes chosen that this leader never saw. Same as a Nack.
            StepDown(confirmation.Promised);
            return;
        }

        round.Acks.Add(confirmation.From);
        if (!_topology.Quorum.IsPhase2Quorum(round.Acks))
        {
            return;
        }

        // A phase-2-sized quorum meets every phase-1 quorum a rival could have used (|Q1| + |Q2| > N).
        _readRound = null;
        foreach (var read in round.Reads)
        {
            _ready.Report(new ReadIndexConfirmed(read.Token, read.ReadIndex));
        }
    }

    /// <summary>Retransmits an unanswered round; gives its reads up after <see cref="ReadRoundRetransmits"/> periods.</summary>
    private void ReadRoundTick()
    {
        if (_readRound is not { } round)
        {
            return;
        }

        if (++round.Ticks >= _options.RetransmitTicks * ReadRoundRetransmits)
        {
            _readRound = null;
            RefuseAll(round.Reads);
            return;
        }

        if (round.Ticks % _options.RetransmitTicks == 0)
        {
            SendConfirmations(round);
        }
    }

    /// <summary>Leadership ends or restarts (step-down, new campaign): no read may be confirmed under it any more.</summary>
    private void AbandonReads()
    {
        if (_readRound is { } round)
        {
            _readRound = null;
            RefuseAll(round.Reads);
        }

        RefuseAll(_readsWaiting);
        _readsWaiting.Clear();
    }

    private void RefuseAll(IEnumerable<PendingRead> reads)
    {
        foreach (var read in reads)
        {
            _ready.Report(new ReadIndexRefused(read.Token));
        }
    }

    private readonly record struct PendingRead(long Token, long ReadIndex);

    private sealed class ReadRound(long number, Ballot ballot, PendingRead[] reads)
    {
        public long Number { get; } = number;

        public Ballot Ballot { get; } = ballot;

        public PendingRead[] Reads { get; } = reads;

        public HashSet<int> Acks { get; } = [];

        public int Ticks { get; set; }
    }
}
