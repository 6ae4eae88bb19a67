namespace PaxosAkka.Simulation.Network;

/// <summary>
/// A symmetric partition: every node sits on one side, and only nodes on the same side can talk.
/// Immutable; <see cref="Healed"/> is the fully connected network.
/// </summary>
internal sealed class NetworkPartition
{
    private readonly int[] _sideOf;

    private NetworkPartition(int[] sideOf) => _sideOf = sideOf;

    public static NetworkPartition Healed { get; } = new([]);

    public bool IsHealed => _sideOf.Length == 0;

    /// <summary>Builds a partition from the nodes on the minority side; every other node is on side 0.</summary>
    public static NetworkPartition Isolate(int nodeCount, IEnumerable<int> isolated)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nodeCount);
        ArgumentNullException.ThrowIfNull(isolated);
        var sides = new int[nodeCount];
        foreach (var node in isolated)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(node);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(node, nodeCount);
            sides[node] = 1;
        }

        return new NetworkPartition(sides);
    }

    public bool CanCommunicate(int from, int to)
    {
        if (IsHealed || from == to)
        {
            return true;
        }

        return SideOf(from) == SideOf(to);
    }

    private int SideOf(int node) => node < _sideOf.Length ? _sideOf[node] : 0;

    public override string ToString() =>
        IsHealed ? "healed" : "{" + string.Join(",", Enumerable.Range(0, _sideOf.Length).Where(n => _sideOf[n] == 1)) + "}|rest";
}
