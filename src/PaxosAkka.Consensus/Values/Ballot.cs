namespace PaxosAkka.Consensus;

/// <summary>
/// A proposal number (Paxos Made Simple §2.2): a round counter paired with the proposer's id so that two
/// proposers can never pick the same ballot. Ballots are totally ordered by round, then proposer id, which
/// is what lets an acceptor's promise say "nothing below this one" unambiguously.
/// </summary>
/// <param name="Round">The monotonically growing round; 0 only in <see cref="Zero"/>.</param>
/// <param name="ProposerId">The id of the proposer that owns this ballot; breaks ties between rounds.</param>
public readonly record struct Ballot(long Round, int ProposerId) : IComparable<Ballot>
{
    /// <summary>The ballot below every real ballot: what an acceptor that never promised anything holds.</summary>
    public static Ballot Zero { get; } = new(0, 0);

    /// <summary>True for <see cref="Zero"/> and other non-positive rounds, which no proposer may use.</summary>
    public bool IsZero => Round <= 0;

    /// <summary>
    /// The smallest ballot owned by <paramref name="proposerId"/> that is strictly above this one, so a
    /// proposer that has seen this ballot can outbid it.
    /// </summary>
    public Ballot Next(int proposerId) => new(Round + 1, proposerId);

    /// <inheritdoc />
    public int CompareTo(Ballot other)
    {
        int byRound = Round.CompareTo(other.Round);
        return byRound != 0 ? byRound : ProposerId.CompareTo(other.ProposerId);
    }

    /// <summary>The larger of two ballots.</summary>
    public static Ballot Max(Ballot a, Ballot b) => a >= b ? a : b;

    /// <summary>Ordering operator; see <see cref="CompareTo"/>.</summary>
    public static bool operator <(Ballot left, Ballot right) => left.CompareTo(right) < 0;

    /// <summary>Ordering operator; see <see cref="CompareTo"/>.</summary>
    public static bool operator >(Ballot left, Ballot right) => left.CompareTo(right) > 0;

    /// <summary>Ordering operator; see <see cref="CompareTo"/>.</summary>
    public static bool operator <=(Ballot left, Ballot right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering operator; see <see cref="CompareTo"/>.</summary>
    public static bool operator >=(Ballot left, Ballot right) => left.CompareTo(right) >= 0;

    /// <summary>Readable form used in traces: <c>(round.proposer)</c>.</summary>
    public override string ToString() => $"({Round}.{ProposerId})";
}
