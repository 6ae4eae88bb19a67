using System.Collections.Immutable;
using Akka.Configuration;

namespace PaxosAkka.Node.Configuration;

/// <summary>Member-list parsing and cross-field validation.</summary>
public sealed partial class NodeSettings
{
    private static ImmutableArray<string> ParseRoles(IReadOnlyList<string> roles, string path)
    {
        foreach (var role in roles)
        {
            if (!NodeRoles.IsKnown(role))
            {
                throw new ConfigurationException($"{path}: unknown role '{role}' (known: {string.Join(", ", NodeRoles.All)}, {NodeRoles.Auto})");
            }
        }

        if (roles.Count == 0)
        {
            throw new ConfigurationException($"{path} is empty: give the node's roles ({string.Join(", ", NodeRoles.All)}) or [{NodeRoles.Auto}]");
        }

        // Auto stands for the assignable roles only; naming one of them beside it is a contradiction.
        if (roles.Contains(NodeRoles.Auto) && roles.FirstOrDefault(r => NodeRoles.Assignable.Contains(r)) is { } fixedRole)
        {
            throw new ConfigurationException($"{path}: '{fixedRole}' beside '{NodeRoles.Auto}'; an auto node gets proposer, learner and store from the leader (only acceptor may be fixed beside auto)");
        }

        return [.. roles.Distinct(StringComparer.Ordinal)];
    }

    private static ImmutableArray<MemberSettings> ParseMembers(Config node, string origin)
    {
        var list = node.GetValue("members");
        if (list is null || !list.IsArray())
        {
            throw new ConfigurationException($"paxos.node.members in {origin} must be a list of {{ id, host, remote-port, http-port, roles }}");
        }

        var items = list.GetArray();
        var members = new List<MemberSettings>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            string where = $"paxos.node.members[{i}]";
            if (!items[i].IsObject())
            {
                throw new ConfigurationException($"{where} in {origin} must be an object {{ id, host, remote-port, http-port, roles }}");
            }

            var member = items[i].ToConfig();
            foreach (string required in (string[])["id", "host", "remote-port", "http-port"])
            {
                if (!member.HasPath(required))
                {
                    throw new ConfigurationException($"{where}.{required} is missing in {origin}");
                }
            }

            members.Add(new MemberSettings(
                member.Int("id", where),
                member.GetString("host"),
                member.Int("remote-port", where),
                member.Int("http-port", where),
                member.HasPath("roles") ? ParseRoles([.. member.GetStringList("roles")], $"{where}.roles") : NodeRoles.All));
        }

        return [.. members.OrderBy(m => m.Id)];
    }

    private void Validate(string origin)
    {
        if (Members.IsEmpty)
        {
            throw new ConfigurationException($"paxos.node.members is empty in {origin}: include the cluster's member list (hocon/cluster-5.hocon)");
        }

        var duplicate = Members.GroupBy(m => m.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ConfigurationException($"paxos.node.members lists node {duplicate.Key} twice in {origin}");
        }

        if (!Members.Any(m => m.Id == Id))
        {
            throw new ConfigurationException($"paxos.node.id = {Id} is not in paxos.node.members of {origin}");
        }

        if (Acceptors.IsEmpty)
        {
            throw new ConfigurationException($"paxos.node.acceptors is empty in {origin}: the acceptor group must be fixed at bootstrap");
        }

        foreach (int acceptor in Acceptors)
        {
            if (!Members.Any(m => m.Id == acceptor && m.Has(NodeRoles.Acceptor)))
            {
                throw new ConfigurationException($"paxos.node.acceptors names {acceptor}, which is not a member with the acceptor role in {origin}");
            }
        }

        // A proposer's ballots are made durable before any Prepare leaves the node: by its co-located acceptor
        // (see ProposerActor), or on a node without one by the ballot keeper (Assignment/ProposerBallotKeeper).
        // A proposer beside an acceptor that is outside the group would wait forever for that acceptor's
        // Promise (the core never sends it a Prepare), so that mix is refused.
        foreach (var proposer in Members.Where(m => m.Has(NodeRoles.Proposer) || m.IsAuto))
        {
            if (proposer.Has(NodeRoles.Acceptor) && !Acceptors.Contains(proposer.Id))
            {
                throw new ConfigurationException(
                    $"node {proposer.Id} is a proposer with an acceptor role but not in paxos.node.acceptors ({origin}): list it there, or drop its acceptor role");
            }
        }

        // An auto node is assigned learner and store together (Assignment/RoleAssignmentPolicy): its store is fed
        // by the learner beside it. Stores split from learners replicate by two-phase commit over a store set
        // fixed at start, which cannot take stores that come and go yet, so the two are not mixed.
        if (Members.Any(m => m.IsAuto) && Replication.ReplicationTopology.For(Members).Mode == Replication.StoreReplicationMode.TwoPhaseCommit)
        {
            throw new ConfigurationException(
                $"auto members beside learner and store roles on separate nodes ({origin}): auto nodes hold learner and store together, so every fixed learner needs a store beside it and every store a learner");
        }

        if (!Members.Any(m => m.Has(NodeRoles.Proposer) || m.IsAuto))
        {
            throw new ConfigurationException($"no member has the proposer role (or auto) in {origin}: nobody could lead");
        }
    }
}
