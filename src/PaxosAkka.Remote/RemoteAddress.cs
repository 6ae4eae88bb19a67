using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using PaxosAkka.Actors;

namespace PaxosAkka.Remote;

/// <summary>
/// The address of one actor system reachable over the network: <c>paxos.tcp://system@host:port</c>.
/// It names a node, not an incarnation: a node restarted on the same host and port keeps its address and
/// gets a new uid (see <see cref="EndpointManager"/>).
/// </summary>
public sealed record RemoteAddress
{
    /// <summary>The URI scheme of every remote address and remote actor path.</summary>
    public const string Scheme = "paxos.tcp";

    private const string Prefix = Scheme + "://";

    public RemoteAddress(string system, string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(system);
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        System = system;
        Host = host;
        Port = port;
    }

    /// <summary>The actor system name; every node of one cluster shares it.</summary>
    public string System { get; }

    public string Host { get; }

    public int Port { get; }

    public override string ToString() => $"{Prefix}{System}@{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses <c>paxos.tcp://system@host:port</c>; throws a <see cref="FormatException"/> naming the input.</summary>
    public static RemoteAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseActorPath(text, out var address, out var path) && path == "/"
            ? address
            : throw new FormatException($"'{text}' is not a remote address of the form {Prefix}system@host:port");
    }

    /// <summary>
    /// Splits <c>paxos.tcp://system@host:port/user/acceptor</c> into the node address and the actor path
    /// (<c>/user/acceptor</c>; <c>/</c> when there is none). Returns false on anything else.
    /// </summary>
    public static bool TryParseActorPath(string text, [NotNullWhen(true)] out RemoteAddress? address, out string path)
    {
        address = null;
        path = "/";
        if (string.IsNullOrEmpty(text) || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = text.AsSpan(Prefix.Length);
        var slash = rest.IndexOf('/');
        var authority = slash < 0 ? rest : rest[..slash];
        var at = authority.IndexOf('@');
        var colon = authority.LastIndexOf(':');
        if (at <= 0 || colon <= at + 1 || colon == authority.Length - 1)
        {
            return false;
        }

        if (!int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            return false;
        }

        var system = authority[..at].ToString();
        var host = authority[(at + 1)..colon].ToString();
        if (string.IsNullOrWhiteSpace(system) || string.IsNullOrWhiteSpace(host))
        {
            return false;
        }

        address = new RemoteAddress(system, host, port);
        if (slash >= 0 && slash < rest.Length - 1)
        {
            path = rest[slash..].ToString();
        }

        return true;
    }

    /// <summary>The actor runtime's <see cref="Address"/> of this node (protocol <c>paxos.tcp</c>).</summary>
    public Address ToAddress() => new(Scheme, System, Host, Port);

    /// <summary>The node address of a runtime <see cref="Address"/>; throws when it has no host and port.</summary>
    public static RemoteAddress FromAddress(Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Host is null || address.Port is null)
        {
            throw new ArgumentException($"{address} is a local address (no host and port)", nameof(address));
        }

        return new RemoteAddress(address.System, address.Host, address.Port.Value);
    }

    /// <summary>The full remote path of an actor of this node, e.g. <c>paxos.tcp://s@h:1/user/echo</c>.</summary>
    public string PathOf(string actorPath)
    {
        ArgumentNullException.ThrowIfNull(actorPath);
        return actorPath.StartsWith('/') ? ToString() + actorPath : ToString() + "/" + actorPath;
    }
}
