using Akka.Actor;
using PaxosAkka.Consensus;
using PaxosAkka.Node.Configuration;
using static PaxosAkka.Consensus.PaxosProtocol;

namespace PaxosAkka.Node.Roles;

/// <summary>
/// Delivers a message to a role actor of a node, local or remote. Paxos messages are addressed by node id
/// (the core's <see cref="PaxosMessage.To"/>); the router turns (node, role) into an actor.
/// </summary>
public interface IRoleRouter
{
    /// <summary>Sends <paramref name="message"/> to the <paramref name="role"/> actor of node <paramref name="node"/>.</summary>
    void Tell(int node, string role, object message, IActorRef? sender);
}

/// <summary>Names of the role actors (children of <c>/user/node</c> on every node) and message routing.</summary>
public static class RoleNames
{
    /// <summary>The node supervisor, parent of every role actor.</summary>
    public const string Node = "node";

    /// <summary>The acceptor (a backoff supervisor that forwards to the acceptor itself).</summary>
    public const string Acceptor = NodeRoles.Acceptor;

    /// <summary>The proposer.</summary>
    public const string Proposer = NodeRoles.Proposer;

    /// <summary>The learner.</summary>
    public const string Learner = NodeRoles.Learner;

    /// <summary>The store.</summary>
    public const string Store = NodeRoles.Store;

    /// <summary>The election.</summary>
    public const string Election = "election";

    private static readonly string[] ToAcceptorAndProposer = [Acceptor, Proposer];
    private static readonly string[] ToAcceptor = [Acceptor];
    private static readonly string[] ToProposer = [Proposer];
    private static readonly string[] ToProposerAndLearner = [Proposer, Learner];
    private static readonly string[] ToLearner = [Learner];

    /// <summary>
    /// The roles of the recipient node that a core message concerns (as <see cref="PaxosNode"/> routes them):
    /// an acceptor sends one Accepted per node, which both that node's proposer and learner count; a Chosen also
    /// tells a follower's proposer who leads; a Prepare lets a proposer see a rival's ballot. A learner's
    /// catch-up request goes to the role it asks: a peer learner (chosen entries), the acceptor
    /// (<see cref="CatchUpRequest.ForAcceptor"/>: it re-sends its votes) or the leader
    /// (<see cref="CatchUpRequest.ForLeader"/>: it re-drives the gap); the other roles would ignore it.
    /// </summary>
    public static IReadOnlyList<string> For(PaxosMessage message) => message switch
    {
        Prepare => ToAcceptorAndProposer,
        Accept => ToAcceptor,
        Promise or Nack => ToProposer,
        Accepted or Chosen => ToProposerAndLearner,
        CatchUpRequest { ForAcceptor: true } => ToAcceptor,
        CatchUpRequest { ForLeader: true } => ToProposer,
        CatchUpRequest or CatchUpReply => ToLearner,
        _ => [],
    };

    /// <summary>Sends a core message to every role of its recipient that it concerns.</summary>
    public static void Route(this IRoleRouter router, PaxosMessage message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(message);
        foreach (var role in For(message))
        {
            router.Tell(message.To, role, message, sender);
        }
    }
}
