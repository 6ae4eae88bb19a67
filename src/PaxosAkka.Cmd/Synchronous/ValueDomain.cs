namespace PaxosAkka.Cmd.Synchronous;

/// <summary>Which input values the nodes of a synchronous run start with.</summary>
internal enum ValueDomain
{
    /// <summary>Every node's input is 0 or 1 (binary consensus, as in the reference demo).</summary>
    Binary,

    /// <summary>Every node's input is an integer in [0, 1000); inputs usually all differ.</summary>
    Integer,
}
