using System.Text;

namespace PaxosAkka.Actors;

/// <summary>
/// Where an actor system lives: <c>paxos://system</c> locally, <c>paxos://system@host:port</c> once remoting
/// gives the node an address. Equality is structural so two paths parsed from text compare equal.
/// </summary>
public sealed record Address(string Protocol, string System, string? Host = null, int? Port = null)
{
    /// <summary>The protocol every PaxosAkka path uses.</summary>
    public const string DefaultProtocol = "paxos";

    /// <summary>True when the address names no host, i.e. the system is only reachable in-process.</summary>
    public bool HasLocalScope => Host is null;

    /// <inheritdoc />
    public override string ToString()
        => Host is null ? $"{Protocol}://{System}" : $"{Protocol}://{System}@{Host}:{Port}";
}

/// <summary>
/// The logical location of an actor in the hierarchy (<c>paxos://sys/user/acceptor</c>). A path names a slot,
/// not an incarnation: the actor's <see cref="Uid"/> distinguishes a restarted-by-name actor from its predecessor
/// and is not part of path equality (as in Akka).
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>, IComparable<ActorPath>
{
    private readonly string[] _elements;

    private ActorPath(Address address, string[] elements, long uid)
    {
        Address = address;
        _elements = elements;
        Uid = uid;
    }

    /// <summary>The system's address.</summary>
    public Address Address { get; }

    /// <summary>The path elements below the root, e.g. <c>["user", "acceptor"]</c>.</summary>
    public IReadOnlyList<string> Elements => _elements;

    /// <summary>The last element (<c>"acceptor"</c>), or empty for the root.</summary>
    public string Name => _elements.Length == 0 ? string.Empty : _elements[^1];

    /// <summary>The incarnation id; 0 when unknown (e.g. a path parsed from text).</summary>
    public long Uid { get; }

    /// <summary>The parent path; the root is its own parent.</summary>
    public ActorPath Parent => _elements.Length == 0 ? this : new ActorPath(Address, _elements[..^1], 0);

    /// <summary>The root path of an address (<c>paxos://sys/</c>).</summary>
    public static ActorPath Root(Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new ActorPath(address, [], 0);
    }

    /// <summary>A child path; names must be valid actor names (see <see cref="ActorPathValidation"/>).</summary>
    public ActorPath Child(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new ActorPath(Address, [.. _elements, name], 0);
    }

    /// <summary>Same path with a given incarnation id.</summary>
    public ActorPath WithUid(long uid) => new(Address, _elements, uid);

    /// <summary>Same elements under another address (used by remoting to make a local path global).</summary>
    public ActorPath WithAddress(Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new ActorPath(address, _elements, Uid);
    }

    /// <summary>Path relative to the root: <c>/user/acceptor</c>.</summary>
    public string ToStringWithoutAddress() => "/" + string.Join('/', _elements);

    /// <inheritdoc />
    public override string ToString() => Address + ToStringWithoutAddress();

    /// <summary>Parses <c>paxos://sys/user/a</c> or <c>paxos://sys@host:port/user/a</c>; throws a clear error otherwise.</summary>
    public static ActorPath Parse(string text)
        => TryParse(text, out var path) ? path : throw new FormatException(
            $"'{text}' is not an actor path; expected '{Address.DefaultProtocol}://system[@host:port]/user/name'.");

    /// <summary>Tries to parse an absolute actor path.</summary>
    public static bool TryParse(string? text, out ActorPath path)
    {
        path = null!;
        if (string.IsNullOrEmpty(text)) return false;
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0) return false;
        var protocol = text[..schemeEnd];
        var rest = text[(schemeEnd + 3)..];
        var slash = rest.IndexOf('/');
        var authority = slash < 0 ? rest : rest[..slash];
        var pathPart = slash < 0 ? string.Empty : rest[slash..];
        if (authority.Length == 0) return false;
        Address address;
        var at = authority.IndexOf('@');
        if (at < 0)
        {
            address = new Address(protocol, authority);
        }
        else
        {
            var hostPort = authority[(at + 1)..];
            var colon = hostPort.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(hostPort[(colon + 1)..], out var port) || port is < 0 or > 65535) return false;
            address = new Address(protocol, authority[..at], hostPort[..colon], port);
        }

        var elements = pathPart.Split('/', StringSplitOptions.RemoveEmptyEntries);
        long uid = 0;
        if (elements.Length > 0)
        {
            var last = elements[^1];
            var hash = last.IndexOf('#');
            if (hash >= 0)
            {
                if (!long.TryParse(last[(hash + 1)..], out uid)) return false;
                elements[^1] = last[..hash];
            }
        }

        path = new ActorPath(address, elements, uid);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(ActorPath? other)
        => other is not null && Address.Equals(other.Address) && _elements.AsSpan().SequenceEqual(other._elements);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ActorPath);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Address);
        foreach (var e in _elements) hash.Add(e, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public int CompareTo(ActorPath? other)
        => other is null ? 1 : string.CompareOrdinal(ToString(), other.ToString());

    /// <summary>Structural equality.</summary>
    public static bool operator ==(ActorPath? left, ActorPath? right) => Equals(left, right);

    /// <summary>Structural inequality.</summary>
    public static bool operator !=(ActorPath? left, ActorPath? right) => !Equals(left, right);

    /// <summary>Ordinal ordering by full text.</summary>
    public static bool operator <(ActorPath? left, ActorPath? right) => left is null ? right is not null : left.CompareTo(right) < 0;

    /// <summary>Ordinal ordering by full text.</summary>
    public static bool operator >(ActorPath? left, ActorPath? right) => left is not null && left.CompareTo(right) > 0;

    /// <summary>Ordinal ordering by full text.</summary>
    public static bool operator <=(ActorPath? left, ActorPath? right) => !(left > right);

    /// <summary>Ordinal ordering by full text.</summary>
    public static bool operator >=(ActorPath? left, ActorPath? right) => !(left < right);
}

/// <summary>Rules for actor names: non-empty, no '/', '#' or whitespace, and '$' reserved for generated names.</summary>
public static class ActorPathValidation
{
    /// <summary>Throws <see cref="InvalidActorNameException"/> with the reason when <paramref name="name"/> is not valid.</summary>
    public static void Validate(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new InvalidActorNameException("Actor name must not be empty.");
        if (name[0] == '$') throw new InvalidActorNameException($"Actor name [{name}] is illegal: names starting with '$' are reserved for generated names.");
        foreach (var c in name)
        {
            if (c is '/' or '#' or '?' or '@' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new InvalidActorNameException($"Actor name [{name}] is illegal: it contains '{Escape(c)}'.");
            }
        }
    }

    private static string Escape(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"\\u{(int)c:x4}" : c.ToString();

    /// <summary>Generated child names: <c>$a</c>, <c>$b</c>, ... base-36 like Akka.</summary>
    internal static string GeneratedName(long n)
    {
        const string digits = "abcdefghijklmnopqrstuvwxyz0123456789";
        var sb = new StringBuilder("$");
        do
        {
            sb.Insert(1, digits[(int)(n % digits.Length)]);
            n /= digits.Length;
        }
        while (n > 0);
        return sb.ToString();
    }
}
