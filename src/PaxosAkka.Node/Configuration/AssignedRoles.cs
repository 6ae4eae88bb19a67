using System.Collections.Immutable;

namespace PaxosAkka.Node.Configuration;

/// <summary>
/// The roles the leader assigned to this <c>auto</c> node and whose actors run now (system 000). Written only by
/// the node supervisor, read by anything that asks <see cref="NodeSettings.Has"/> (the client service decides per
/// request whether this node can serve it). Swapped atomically as one immutable set.
/// </summary>
public sealed class AssignedRoles
{
    private ImmutableArray<string> _roles = [];

    /// <summary>The assigned roles running now, in <see cref="NodeRoles.Assignable"/> order.</summary>
    public ImmutableArray<string> Current => ImmutableInterlocked.InterlockedCompareExchange(ref _roles, _roles, _roles);

    /// <summary>True when <paramref name="role"/> is assigned and running.</summary>
    public bool Holds(string role) => Current.Contains(role);

    /// <summary>Replaces the set (the supervisor calls it as it starts or stops role actors).</summary>
    /// <exception cref="ArgumentException">A role that is not assignable.</exception>
    public void Set(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var set = roles.Distinct(StringComparer.Ordinal).ToList();
        if (set.FirstOrDefault(r => !NodeRoles.Assignable.Contains(r)) is { } wrong)
        {
            throw new ArgumentException($"'{wrong}' is not an assignable role ({string.Join(", ", NodeRoles.Assignable)})", nameof(roles));
        }

        ImmutableInterlocked.InterlockedExchange(ref _roles, [.. NodeRoles.Assignable.Where(set.Contains)]);
    }
}
