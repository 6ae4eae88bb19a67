namespace PaxosAkka.Linearizability;

/// <summary>
/// A sequential specification: the behaviour a linearizable object must look like when its operations are
/// put in some total order that respects real time (Herlihy &amp; Wing 1990).
/// </summary>
/// <remarks>States must have value equality: the checker memoises (linearized set, state) pairs.</remarks>
public interface IModel<TState, in TInput, in TOutput>
{
    /// <summary>The state before any operation.</summary>
    TState Initial { get; }

    /// <summary>
    /// Applies <paramref name="input"/> to <paramref name="state"/>. Returns false when <paramref name="output"/>
    /// is not what the object could have answered in that state.
    /// </summary>
    bool Step(TState state, TInput input, TOutput output, out TState next);

    /// <summary>
    /// Applies an operation whose answer was never seen (a timeout, a 503): it may have taken effect with
    /// whatever answer the state gives.
    /// </summary>
    TState StepUnknown(TState state, TInput input);
}
