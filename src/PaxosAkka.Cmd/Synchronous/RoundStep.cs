namespace PaxosAkka.Cmd.Synchronous;

/// <summary>
/// The lock-step phases of one synchronous round. All nodes take a step together; a message sent in one
/// step is delivered at the start of the next (the synchronous model's bounded delay of exactly one step).
/// </summary>
internal enum RoundStep
{
    /// <summary>The round's proposer sends Prepare (phase 1a, Paxos Made Simple §2.2).</summary>
    Prepare = 1,

    /// <summary>Acceptors answer with Promise or Nack (phase 1b).</summary>
    Promise = 2,

    /// <summary>With a promise quorum the proposer sends Accept with the safe value (phase 2a).</summary>
    Accept = 3,

    /// <summary>Acceptors answer Accepted to the proposer and every learner (phase 2b).</summary>
    Accepted = 4,

    /// <summary>Learners count Accepted; a phase-2 quorum for one ballot means the value is chosen (§3).</summary>
    Chosen = 5,
}

/// <summary>Display names for <see cref="RoundStep"/>.</summary>
internal static class RoundSteps
{
    /// <summary>The last step a crash can be scheduled at.</summary>
    public const int Last = (int)RoundStep.Chosen;

    /// <summary>Lower-case phase name, as in the trace.</summary>
    public static string Name(int step) => step switch
    {
        1 => "prepare",
        2 => "promise",
        3 => "accept",
        4 => "accepted",
        5 => "chosen",
        6 => "learn",
        _ => $"step {step}",
    };
}
