using System.Collections.Immutable;

namespace PaxosAkka.Cluster;

/// <summary>
/// One node as seen by the membership: its unique address, status, roles and up-number. Identity is the unique
/// address alone (as in Akka), so sets of members hold one entry per incarnation whatever its status.
/// </summary>
public sealed class Member : IEquatable<Member>, IComparable<Member>
{
    /// <summary>Up-number of a member that has never been Up: it sorts as the youngest.</summary>
    public const int NotUp = int.MaxValue;

    private static readonly ImmutableDictionary<MemberStatus, ImmutableHashSet<MemberStatus>> AllowedTransitions =
        new Dictionary<MemberStatus, ImmutableHashSet<MemberStatus>>
        {
            [MemberStatus.Joining] = [MemberStatus.WeaklyUp, MemberStatus.Up, MemberStatus.Leaving, MemberStatus.Down, MemberStatus.Removed],
            [MemberStatus.WeaklyUp] = [MemberStatus.Up, MemberStatus.Leaving, MemberStatus.Down, MemberStatus.Removed],
            [MemberStatus.Up] = [MemberStatus.Leaving, MemberStatus.Down, MemberStatus.Removed],
            [MemberStatus.Leaving] = [MemberStatus.Exiting, MemberStatus.Down, MemberStatus.Removed],
            [MemberStatus.Exiting] = [MemberStatus.Removed, MemberStatus.Down],
            [MemberStatus.Down] = [MemberStatus.Removed],
            [MemberStatus.Removed] = [],
        }.ToImmutableDictionary();

    private Member(UniqueAddress uniqueAddress, MemberStatus status, ImmutableSortedSet<string> roles, int upNumber)
    {
        UniqueAddress = uniqueAddress;
        Status = status;
        Roles = roles;
        UpNumber = upNumber;
    }

    public UniqueAddress UniqueAddress { get; }

    public NodeAddress Address => UniqueAddress.Address;

    public MemberStatus Status { get; }

    public ImmutableSortedSet<string> Roles { get; }

    /// <summary>Order in which members became Up (1 is the oldest); <see cref="NotUp"/> before that.</summary>
    public int UpNumber { get; }

    /// <summary>A new member in <see cref="MemberStatus.Joining"/>.</summary>
    public static Member Joining(UniqueAddress node, IEnumerable<string>? roles = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new Member(node, MemberStatus.Joining, ImmutableSortedSet.CreateRange(StringComparer.Ordinal, roles ?? []), NotUp);
    }

    /// <summary>Builds a member in any state (for decoding gossip and for tests).</summary>
    public static Member Create(UniqueAddress node, MemberStatus status, IEnumerable<string>? roles = null, int upNumber = NotUp)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(upNumber);
        return new Member(node, status, ImmutableSortedSet.CreateRange(StringComparer.Ordinal, roles ?? []), upNumber);
    }

    public static bool IsAllowedTransition(MemberStatus from, MemberStatus to) => AllowedTransitions[from].Contains(to);

    public bool HasRole(string role) => Roles.Contains(role);

    /// <summary>The same member in <paramref name="status"/>; throws on a transition the life cycle forbids.</summary>
    public Member WithStatus(MemberStatus status)
    {
        if (status == Status)
        {
            return this;
        }

        return IsAllowedTransition(Status, status)
            ? new Member(UniqueAddress, status, Roles, UpNumber)
            : throw new InvalidOperationException($"Member {UniqueAddress} may not go from {Status} to {status}.");
    }

    /// <summary>Moves a Joining or WeaklyUp member to Up with its age rank.</summary>
    public Member WithUp(int upNumber)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(upNumber);
        var up = WithStatus(MemberStatus.Up);
        return new Member(UniqueAddress, up.Status, Roles, upNumber);
    }

    /// <summary>Older members have a lower up-number; equal ones (not yet Up) fall back to address order.</summary>
    public bool IsOlderThan(Member other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return UpNumber == other.UpNumber ? Address.CompareTo(other.Address) < 0 : UpNumber < other.UpNumber;
    }

    /// <summary>
    /// Which of two versions of the same member wins a gossip merge: the one further along the life cycle, so
    /// status changes never roll back (Removed over Down over Exiting over Leaving over Up over WeaklyUp over Joining).
    /// On equal status the older up-number wins.
    /// </summary>
    public static Member HighestPriorityOf(Member m1, Member m2)
    {
        ArgumentNullException.ThrowIfNull(m1);
        ArgumentNullException.ThrowIfNull(m2);
        if (m1.Status == m2.Status)
        {
            return m1.IsOlderThan(m2) ? m1 : m2;
        }

        return Priority(m1.Status) >= Priority(m2.Status) ? m1 : m2;
    }

    /// <summary>A status's rank in merges; Up and WeaklyUp sit between Joining and Leaving.</summary>
    private static int Priority(MemberStatus status) => status switch
    {
        MemberStatus.Joining => 0,
        MemberStatus.WeaklyUp => 1,
        MemberStatus.Up => 2,
        MemberStatus.Leaving => 3,
        MemberStatus.Exiting => 4,
        MemberStatus.Down => 5,
        MemberStatus.Removed => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown member status"),
    };

    public bool Equals(Member? other) => other is not null && UniqueAddress.Equals(other.UniqueAddress);

    public override bool Equals(object? obj) => Equals(obj as Member);

    public override int GetHashCode() => UniqueAddress.GetHashCode();

    /// <summary>Address order, the order the leader is chosen in.</summary>
    public int CompareTo(Member? other) => other is null ? 1 : UniqueAddress.CompareTo(other.UniqueAddress);

    public static bool operator ==(Member? left, Member? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Member? left, Member? right) => !(left == right);

    public static bool operator <(Member left, Member right) => left is null ? right is not null : left.CompareTo(right) < 0;

    public static bool operator <=(Member left, Member right) => left is null || left.CompareTo(right) <= 0;

    public static bool operator >(Member left, Member right) => left is not null && left.CompareTo(right) > 0;

    public static bool operator >=(Member left, Member right) => left is null ? right is null : left.CompareTo(right) >= 0;

    public override string ToString() =>
        $"Member({UniqueAddress}, {Status}{(Roles.IsEmpty ? string.Empty : ", roles=" + string.Join(",", Roles))}{(UpNumber == NotUp ? string.Empty : ", up#" + UpNumber)})";
}
