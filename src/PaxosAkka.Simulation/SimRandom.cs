namespace PaxosAkka.Simulation;

/// <summary>
/// The simulator's only source of randomness: one <see cref="Random"/> seeded once, so a seed replays the
/// whole run bit for bit (FoundationDB's rule: every choice derives from the seed). Never shared across threads.
/// </summary>
internal sealed class SimRandom
{
    private readonly Random _random;

    public SimRandom(int seed) => _random = new Random(seed);

    /// <summary>True with probability <paramref name="probability"/>; draws nothing when it is 0 or 1 so that
    /// turning a fault off does not shift every later draw more than needed.</summary>
    public bool Chance(double probability)
    {
        if (probability <= 0)
        {
            return false;
        }

        return probability >= 1 || _random.NextDouble() < probability;
    }

    /// <summary>A uniform integer in [<paramref name="min"/>, <paramref name="max"/>], both inclusive.</summary>
    public int Between(int min, int max)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(min, max);
        return min == max ? min : _random.Next(min, max + 1);
    }

    /// <summary>A uniform index in [0, <paramref name="count"/>).</summary>
    public int Index(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return _random.Next(count);
    }

    public T Pick<T>(IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items[Index(items.Count)];
    }

    public long NextInt64() => _random.NextInt64();

    public void NextBytes(Span<byte> buffer) => _random.NextBytes(buffer);

    /// <summary>Shuffles in place (Fisher–Yates), used to vary the order of same-tick events.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
