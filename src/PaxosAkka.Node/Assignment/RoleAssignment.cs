using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using PaxosAkka.Node.Configuration;

namespace PaxosAkka.Node.Assignment;

/// <summary>
/// Which <c>auto</c> nodes hold the assignable roles (system 000: the Bully-elected leader assigns proposer,
/// learner and store roles). Recorded through the log under <see cref="RoleAssignmentCodec.Key"/>, so every node
/// reads the same assignment; <see cref="Revision"/> counts its changes.
/// </summary>
/// <param name="Revision">0 before the first assignment; one more at every change.</param>
/// <param name="Proposers">Nodes assigned the proposer role (sorted).</param>
/// <param name="Learners">Nodes assigned the learner role (sorted).</param>
/// <param name="Stores">Nodes assigned the store role (sorted).</param>
public sealed record RoleAssignment(long Revision, ImmutableArray<int> Proposers, ImmutableArray<int> Learners, ImmutableArray<int> Stores)
{
    /// <summary>Nothing assigned yet.</summary>
    public static RoleAssignment Empty { get; } = new(0, [], [], []);

    /// <summary>The nodes holding <paramref name="role"/>.</summary>
    public ImmutableArray<int> Holders(string role) => role switch
    {
        NodeRoles.Proposer => Proposers,
        NodeRoles.Learner => Learners,
        NodeRoles.Store => Stores,
        _ => throw new ArgumentException($"'{role}' is not an assignable role ({string.Join(", ", NodeRoles.Assignable)})", nameof(role)),
    };

    /// <summary>The roles assigned to node <paramref name="id"/>, in <see cref="NodeRoles.Assignable"/> order.</summary>
    public ImmutableArray<string> RolesOf(int id) => [.. NodeRoles.Assignable.Where(r => Holders(r).Contains(id))];

    /// <summary>True when both assign the same roles to the same nodes (revisions aside).</summary>
    public bool SameRolesAs(RoleAssignment other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Proposers.SequenceEqual(other.Proposers) && Learners.SequenceEqual(other.Learners) && Stores.SequenceEqual(other.Stores);
    }
}

/// <summary>The log form of <see cref="RoleAssignment"/>: one line of text under the key <see cref="Key"/>.</summary>
public static class RoleAssignmentCodec
{
    /// <summary>The store key of the assignment.</summary>
    public const string Key = "cluster/roles";

    private const string Magic = "roles-assignment/1 ";

    /// <summary>Encodes <paramref name="assignment"/>.</summary>
    public static byte[] Encode(RoleAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        return Encoding.ASCII.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"{Magic}revision={assignment.Revision} proposer={Ids(assignment.Proposers)} learner={Ids(assignment.Learners)} store={Ids(assignment.Stores)}"));
    }

    /// <summary>Decodes what <see cref="Encode"/> wrote; null for anything else (never a partial assignment).</summary>
    public static RoleAssignment? TryDecode(ReadOnlySpan<byte> value)
    {
        string text = Encoding.ASCII.GetString(value);
        if (!text.StartsWith(Magic, StringComparison.Ordinal))
        {
            return null;
        }

        var fields = text[Magic.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Split('=', 2))
            .Where(f => f.Length == 2)
            .ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        if (fields.Count != 4 || !fields.TryGetValue("revision", out var rev)
            || !long.TryParse(rev, NumberStyles.None, CultureInfo.InvariantCulture, out long revision)
            || ParseIds(fields.GetValueOrDefault("proposer")) is not { } proposers
            || ParseIds(fields.GetValueOrDefault("learner")) is not { } learners
            || ParseIds(fields.GetValueOrDefault("store")) is not { } stores)
        {
            return null;
        }

        return new RoleAssignment(revision, proposers, learners, stores);
    }

    private static string Ids(ImmutableArray<int> ids) => ids.IsDefaultOrEmpty ? "-" : string.Join(',', ids);

    private static ImmutableArray<int>? ParseIds(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (text == "-")
        {
            return [];
        }

        var ids = new List<int>();
        foreach (var part in text.Split(','))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int id))
            {
                return null;
            }

            ids.Add(id);
        }

        return [.. ids.Order()];
    }
}
