namespace PaxosAkka.Simulation;

/// <summary>
/// Deliberately broken acceptors, injected by the simulator around the (correct) core acceptor, so tests can
/// prove the invariant checker catches the bugs that matter. Applies to every acceptor of the run.
/// </summary>
public enum BrokenAcceptorMode
{
    /// <summary>Correct acceptors: the durable state persisted through Ready is recovered after a crash.</summary>
    None,

    /// <summary>The acceptor "persists nothing": after a crash it recovers <c>AcceptorDurableState.Empty</c>,
    /// forgetting its promise and accepted values (violates Paxos Made Simple §2.3, stable storage).</summary>
    ForgetsStateOnRestart,

    /// <summary>The acceptor accepts an Accept whose ballot is below its promise instead of answering Nack
    /// (violates Paxos Made Simple §2.2, P1a).</summary>
    AcceptsBelowPromise,
}
