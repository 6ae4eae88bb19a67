namespace PaxosAkka.Remote;

/// <summary>
/// The peer broke the wire protocol (oversized or malformed frame, bad handshake). It ends that one
/// connection, is logged, and never propagates further.
/// </summary>
public sealed class RemoteProtocolException : Exception
{
    public RemoteProtocolException()
    {
    }

    public RemoteProtocolException(string message)
        : base(message)
    {
    }

    public RemoteProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
