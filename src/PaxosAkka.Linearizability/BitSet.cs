namespace PaxosAkka.Linearizability;

/// <summary>A fixed-size set of operation indices with value equality, used as part of the memo key.</summary>
internal sealed class BitSet : IEquatable<BitSet>
{
    private readonly ulong[] _words;

    public BitSet(int size) => _words = new ulong[(size + 63) / 64];

    private BitSet(ulong[] words) => _words = words;

    public BitSet With(int index)
    {
        var copy = (ulong[])_words.Clone();
        copy[index >> 6] |= 1UL << (index & 63);
        return new BitSet(copy);
    }

    public bool Equals(BitSet? other) => other is not null && _words.AsSpan().SequenceEqual(other._words);

    public override bool Equals(object? obj) => Equals(obj as BitSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var w in _words)
        {
            hash.Add(w);
        }

        return hash.ToHashCode();
    }
}
