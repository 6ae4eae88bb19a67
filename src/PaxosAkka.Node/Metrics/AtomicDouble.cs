namespace PaxosAkka.Node.Metrics;

/// <summary>A double updated lock-free (compare-and-swap on its bits), for counters and gauges hit from many threads.</summary>
internal struct AtomicDouble
{
    private long _bits;

    /// <summary>The current value.</summary>
    public double Value => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _bits));

    /// <summary>Sets the value.</summary>
    public void Set(double value) => Interlocked.Exchange(ref _bits, BitConverter.DoubleToInt64Bits(value));

    /// <summary>Adds <paramref name="delta"/> atomically.</summary>
    public void Add(double delta)
    {
        while (true)
        {
            long seen = Interlocked.Read(ref _bits);
            long next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + delta);
            if (Interlocked.CompareExchange(ref _bits, next, seen) == seen)
            {
                return;
            }
        }
    }
}
