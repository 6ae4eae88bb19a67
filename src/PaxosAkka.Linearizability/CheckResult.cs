namespace PaxosAkka.Linearizability;

/// <summary>What the search concluded.</summary>
public enum Verdict
{
    /// <summary>A legal sequential order exists.</summary>
    Linearizable,

    /// <summary>No order exists: the history shows a consistency bug.</summary>
    NotLinearizable,

    /// <summary>The search budget ran out before an answer; treat as a failure to check, not as a pass.</summary>
    Inconclusive,
}

/// <summary>The checker's answer, with enough detail to debug a violation.</summary>
/// <param name="Verdict">The conclusion.</param>
/// <param name="Explored">Search steps taken.</param>
/// <param name="Explanation">For a violation: the longest legal prefix found and the operation that could not follow it.</param>
public sealed record CheckResult(Verdict Verdict, long Explored, string Explanation)
{
    /// <summary>True only for <see cref="Verdict.Linearizable"/>.</summary>
    public bool IsLinearizable => Verdict == Verdict.Linearizable;

    /// <summary>Combines per-partition results: any violation wins, then any inconclusive.</summary>
    public static CheckResult Combine(IEnumerable<(string Partition, CheckResult Result)> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var list = parts.ToList();
        long explored = list.Sum(p => p.Result.Explored);
        foreach (var verdict in new[] { Verdict.NotLinearizable, Verdict.Inconclusive })
        {
            var bad = list.FirstOrDefault(p => p.Result.Verdict == verdict);
            if (bad.Result is not null)
            {
                return new CheckResult(verdict, explored, $"partition '{bad.Partition}': {bad.Result.Explanation}");
            }
        }

        return new CheckResult(Verdict.Linearizable, explored, $"{list.Count} partition(s) linearizable");
    }
}
