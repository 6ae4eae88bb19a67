using System.Globalization;

namespace PaxosAkka.Cluster;

/// <summary>
/// Where a node's actor system listens: <c>paxos.tcp://system@host:port</c>. Ordered as Akka orders member
/// addresses (host, then port), which decides the cluster leader and the split-brain tie-break, so every node
/// must compute the same order: comparisons are ordinal, never culture-dependent.
/// </summary>
public sealed record NodeAddress(string Protocol, string System, string Host, int Port) : IComparable<NodeAddress>
{
    /// <summary>The protocol of the TCP transport.</summary>
    public const string TcpProtocol = "paxos.tcp";

    public string Protocol { get; } = ValidateText(Protocol, nameof(Protocol));

    public string System { get; } = ValidateText(System, nameof(System));

    public string Host { get; } = ValidateText(Host, nameof(Host));

    public int Port { get; } = ValidatePort(Port);

    /// <summary>Parses <c>protocol://system@host:port</c>; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static NodeAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var address, out var error)
            ? address
            : throw new FormatException($"'{text}' is not a node address ({error}); expected protocol://system@host:port, e.g. paxos.tcp://paxos@127.0.0.1:2552");
    }

    public static bool TryParse(string? text, out NodeAddress address) => TryParse(text, out address, out _);

    public int CompareTo(NodeAddress? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byHost = string.CompareOrdinal(Host, other.Host);
        if (byHost != 0)
        {
            return byHost;
        }

        var byPort = Port.CompareTo(other.Port);
        if (byPort != 0)
        {
            return byPort;
        }

        var bySystem = string.CompareOrdinal(System, other.System);
        return bySystem != 0 ? bySystem : string.CompareOrdinal(Protocol, other.Protocol);
    }

    public static bool operator <(NodeAddress left, NodeAddress right) => Compare(left, right) < 0;

    public static bool operator <=(NodeAddress left, NodeAddress right) => Compare(left, right) <= 0;

    public static bool operator >(NodeAddress left, NodeAddress right) => Compare(left, right) > 0;

    public static bool operator >=(NodeAddress left, NodeAddress right) => Compare(left, right) >= 0;

    public override string ToString() => $"{Protocol}://{System}@{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    private static int Compare(NodeAddress? left, NodeAddress? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    private static bool TryParse(string? text, out NodeAddress address, out string error)
    {
        address = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty";
            return false;
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var colon = text.LastIndexOf(':');
        if (schemeEnd <= 0 || at <= schemeEnd + 3 || colon <= at + 1 || colon == text.Length - 1)
        {
            error = "missing protocol, system, host or port";
            return false;
        }

        var portText = text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"port '{portText}' is not a number in 1..65535";
            return false;
        }

        address = new NodeAddress(text[..schemeEnd], text[(schemeEnd + 3)..at], text[(at + 1)..colon], port);
        error = string.Empty;
        return true;
    }

    private static string ValidateText(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        return value;
    }

    private static int ValidatePort(int port)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 0, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535, nameof(Port));
        return port;
    }
}
