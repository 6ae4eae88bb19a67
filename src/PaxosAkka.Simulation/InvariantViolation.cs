namespace PaxosAkka.Simulation;

/// <summary>The safety and liveness properties the simulator checks (issue 2, item 3).</summary>
public enum InvariantKind
{
    /// <summary>Two different values chosen for one slot (by acceptor quorums or as delivered by learners), at any time.</summary>
    Agreement,

    /// <summary>A chosen value holds a command no client submitted.</summary>
    Validity,

    /// <summary>A learner's delivered log is not a prefix of the one true log, or a command was applied twice.</summary>
    Integrity,

    /// <summary>The acceptor's state differs from what its Ready said to persist (the host-visible durability contract).</summary>
    Durability,

    /// <summary>After faults stopped and one proposer led, a submitted command was not chosen in the bound.</summary>
    Liveness,

    /// <summary>The core (or the simulator) threw; the description holds the exception. Always a bug.</summary>
    UnhandledException,
}

/// <summary>One broken invariant, at the simulated tick it was detected.</summary>
public sealed record InvariantViolation(InvariantKind Kind, long Tick, string Description)
{
    public override string ToString() => $"{Kind} violated at tick {Tick}: {Description}";
}
