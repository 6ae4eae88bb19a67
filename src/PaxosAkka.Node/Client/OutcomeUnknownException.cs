namespace PaxosAkka.Node.Client;

/// <summary>
/// A command got no answer in time (no quorum, leader change, partition). It may still be chosen, so the
/// client must retry with the same Idempotency-Key rather than assume it failed. HTTP maps it to 503.
/// </summary>
public sealed class OutcomeUnknownException : Exception
{
    /// <summary>Creates the exception with a reason.</summary>
    public OutcomeUnknownException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a reason and its cause.</summary>
    public OutcomeUnknownException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default reason.</summary>
    public OutcomeUnknownException()
        : base("the outcome of the command is unknown")
    {
    }
}
