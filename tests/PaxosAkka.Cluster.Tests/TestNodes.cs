namespace PaxosAkka.Cluster.Tests;

/// <summary>Addresses for tests: node N listens on 127.0.0.1:(2550 + N).</summary>
internal static class TestNodes
{
    public static NodeAddress Address(int n) => new(NodeAddress.TcpProtocol, "paxos", "127.0.0.1", 2550 + n);

    public static UniqueAddress Node(int n, long uid = 0) => new(Address(n), uid == 0 ? 1000 + n : uid);

    public static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);
}
