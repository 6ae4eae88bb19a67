namespace PaxosAkka.Linearizability;

/// <summary>
/// Decides whether a history is linearizable with respect to a sequential model. The search is Wing &amp; Gong's
/// (1993) depth-first search over the history's call/return events, with Lowe's (2017) memoisation of
/// (set of linearized operations, model state) pairs, the algorithm behind Knossos and Porcupine.
/// </summary>
/// <remarks>
/// Operations with an unknown outcome never return: each may be linearized at any point after its call,
/// or not at all, which is exactly what a client that saw a timeout can claim.
/// </remarks>
public static class LinearizabilityChecker
{
    /// <summary>Default bound on search steps before giving up with <see cref="Verdict.Inconclusive"/>.</summary>
    public const long DefaultMaxSteps = 20_000_000;

    /// <summary>Checks one history against <paramref name="model"/>.</summary>
    public static CheckResult Check<TState, TInput, TOutput>(
        IModel<TState, TInput, TOutput> model,
        IReadOnlyList<Operation<TInput, TOutput>> history,
        long maxSteps = DefaultMaxSteps)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
        foreach (var op in history)
        {
            if (op.OutcomeKnown && op.Return < op.Call)
            {
                throw new ArgumentException($"operation {op.Id} returns ({op.Return}) before it is called ({op.Call})", nameof(history));
            }
        }

        return new Search<TState, TInput, TOutput>(model, history, maxSteps).Run();
    }

    /// <summary>Checks each partition (for example each key of a key-value store) on its own.</summary>
    /// <remarks>Sound for models whose partitions are independent objects (linearizability is compositional).</remarks>
    public static CheckResult CheckPartitioned<TState, TInput, TOutput>(
        IModel<TState, TInput, TOutput> model,
        IReadOnlyList<Operation<TInput, TOutput>> history,
        Func<TInput, string> partitionOf,
        long maxSteps = DefaultMaxSteps)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(partitionOf);
        var parts = history
            .GroupBy(op => partitionOf(op.Input), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, Check(model, g.ToList(), maxSteps)));
        return CheckResult.Combine(parts);
    }
}
