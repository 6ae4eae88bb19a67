namespace PaxosAkka.Linearizability;

/// <summary>
/// One client operation of a history: invoked at <see cref="Call"/>, answered at <see cref="Return"/>.
/// Times are positions on one monotonic counter shared by all clients, so "returned before called" is exact.
/// </summary>
/// <param name="Id">Unique within the history.</param>
/// <param name="ClientId">Who issued it; a client has at most one operation in flight.</param>
/// <param name="Input">What was asked.</param>
/// <param name="Call">When it was invoked.</param>
/// <param name="Return">When the answer arrived; <see cref="long.MaxValue"/> when the outcome is unknown.</param>
/// <param name="Output">The answer; default when the outcome is unknown.</param>
/// <param name="OutcomeKnown">False for a timeout or an error that does not say whether the operation happened.</param>
public sealed record Operation<TInput, TOutput>(
    int Id, int ClientId, TInput Input, long Call, long Return, TOutput? Output, bool OutcomeKnown)
{
    /// <summary>True when this operation finished before <paramref name="other"/> began (real-time order).</summary>
    public bool Precedes(Operation<TInput, TOutput> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Return < other.Call;
    }
}
