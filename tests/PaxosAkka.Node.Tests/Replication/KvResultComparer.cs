using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Tests.Replication;

/// <summary>Compares answers by content (records holding byte arrays compare them by reference otherwise).</summary>
internal sealed class KvResultComparer : IEqualityComparer<KvResult>
{
    public static KvResultComparer Instance { get; } = new();

    public bool Equals(KvResult? x, KvResult? y) => (x, y) switch
    {
        (KvValue a, KvValue b) => a.Revision == b.Revision && a.Value.AsSpan().SequenceEqual(b.Value),
        (KvConflict a, KvConflict b) => a.Current is null ? b.Current is null : b.Current is not null && a.Current.AsSpan().SequenceEqual(b.Current),
        _ => object.Equals(x, y),
    };

    public int GetHashCode(KvResult obj) => 0;
}
