using Akka.Actor;
using PaxosAkka.Node.Replication;

namespace PaxosAkka.Node.Client;

/// <summary>
/// <c>/user/node/client-replies</c> on every node: completes the client requests this node took with the answers
/// the coordinating learner sends once every live store committed them (two-phase-commit mode, where the node that
/// took a request may run no store at all). Answers for requests nobody waits for here are dropped.
/// </summary>
public sealed class ClientRepliesActor : ReceiveActor
{
    /// <summary>Creates the actor over this node's pending requests.</summary>
    public ClientRepliesActor(PendingRequests pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        Receive<ReplicationProtocol.ClientReplies>(replies =>
        {
            foreach (var reply in replies.Results)
            {
                pending.Complete(reply.Id, reply.Result);
            }
        });
    }

    /// <summary>Props for the actor.</summary>
    public static Props Props(PendingRequests pending) => Akka.Actor.Props.Create(() => new ClientRepliesActor(pending));
}
