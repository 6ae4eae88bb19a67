using Microsoft.Extensions.Logging;
using PaxosAkka.Remote.Handshake;

namespace PaxosAkka.Remote.Endpoint;

/// <summary>Log lines of the engine's inbound side and lifecycle (event ids 4010-4039).</summary>
public sealed partial class EndpointManager
{
    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Remoting started at {Address} (uid {Uid})")]
    private static partial void LogStarted(ILogger logger, RemoteAddress address, long uid);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Remoting at {Address} runs without a cluster secret (paxos.remote.secret is empty): any peer can associate")]
    private static partial void LogNoSecret(ILogger logger, RemoteAddress address);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "Refused inbound association from {RemoteEndPoint}: {Reason}")]
    private static partial void LogInboundRefused(ILogger logger, string remoteEndPoint, string reason);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning, Message = "Closed inbound connection from {RemoteEndPoint}: protocol violation: {Reason}")]
    private static partial void LogInboundGarbage(ILogger logger, string remoteEndPoint, string reason);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning, Message = "Closed inbound connection from {RemoteEndPoint}: handshake not completed within {Timeout}")]
    private static partial void LogHandshakeTimedOut(ILogger logger, string remoteEndPoint, TimeSpan timeout);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Debug, Message = "Inbound connection from {RemoteEndPoint} ended: {Reason}")]
    private static partial void LogInboundClosed(ILogger logger, string remoteEndPoint, string reason);

    [LoggerMessage(EventId = 4016, Level = LogLevel.Warning, Message = "Closed inbound connection from {RemoteEndPoint}: more than {Maximum} inbound connections (paxos.remote.maximum-inbound-connections)")]
    private static partial void LogTooManyInbound(ILogger logger, string remoteEndPoint, int maximum);

    [LoggerMessage(EventId = 4017, Level = LogLevel.Information, Message = "Inbound association from {Peer} ({RemoteEndPoint}) established")]
    private static partial void LogInboundAssociated(ILogger logger, NodeIdentity peer, string remoteEndPoint);

    [LoggerMessage(EventId = 4018, Level = LogLevel.Warning, Message = "Dropped malformed envelope from {Peer}: {Reason}")]
    private static partial void LogMalformedEnvelope(ILogger logger, NodeIdentity peer, string reason);

    [LoggerMessage(EventId = 4019, Level = LogLevel.Warning, Message = "Dropped message from {Peer} to {Recipient}: {Reason}")]
    private static partial void LogDeserializeFailed(ILogger logger, NodeIdentity peer, string recipient, string reason);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Error, Message = "Delivering a message to {Recipient} from {Peer} failed")]
    private static partial void LogDeliveryFailed(ILogger logger, string recipient, NodeIdentity peer, Exception exception);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Warning, Message = "Dropped message of type {Type} to {Address}: {Reason}")]
    private static partial void LogSerializeFailed(ILogger logger, string type, RemoteAddress address, string reason);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Warning, Message = "Dropped message of type {Type} to {Address}: {Size} bytes exceed maximum-frame-size {Maximum}")]
    private static partial void LogMessageTooLarge(ILogger logger, string type, int size, int maximum, RemoteAddress address);

    [LoggerMessage(EventId = 4023, Level = LogLevel.Warning, Message = "Quarantined {Identity}: {Reason}")]
    private static partial void LogQuarantined(ILogger logger, NodeIdentity identity, string reason);

    [LoggerMessage(EventId = 4024, Level = LogLevel.Debug, Message = "Dropped inbound traffic from quarantined {Peer}")]
    private static partial void LogDroppedFromQuarantined(ILogger logger, NodeIdentity peer);

    [LoggerMessage(EventId = 4025, Level = LogLevel.Warning, Message = "Node {Address} is considered gone; remote watches on it fire")]
    private static partial void LogNodeLost(ILogger logger, RemoteAddress address);
}

/// <summary>Log lines of the outbound side (event ids 4040-4059).</summary>
internal sealed partial class Association
{
    [LoggerMessage(EventId = 4040, Level = LogLevel.Information, Message = "Association with {Peer} established")]
    private static partial void LogAssociated(ILogger logger, NodeIdentity peer);

    [LoggerMessage(EventId = 4041, Level = LogLevel.Information, Message = "Association with {Address} lost: {Reason}; reconnecting with backoff")]
    private static partial void LogDisassociated(ILogger logger, RemoteAddress address, string reason);

    [LoggerMessage(EventId = 4042, Level = LogLevel.Debug, Message = "Connecting to {Address} failed: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, RemoteAddress address, string reason);

    [LoggerMessage(EventId = 4043, Level = LogLevel.Warning, Message = "Association with {Address} broke the protocol: {Reason}")]
    private static partial void LogProtocolError(ILogger logger, RemoteAddress address, string reason);

    [LoggerMessage(EventId = 4044, Level = LogLevel.Warning, Message = "Association with {Address} refused by the peer: {Reason}")]
    private static partial void LogRefusedByPeer(ILogger logger, RemoteAddress address, string reason);

    [LoggerMessage(EventId = 4045, Level = LogLevel.Warning, Message = "Refused association with {Address}: {Reason}")]
    private static partial void LogRefusedPeer(ILogger logger, RemoteAddress address, string reason);

    [LoggerMessage(EventId = 4046, Level = LogLevel.Warning, Message = "Handshake with {Address} not completed within {Timeout}")]
    private static partial void LogHandshakeTimedOut(ILogger logger, RemoteAddress address, TimeSpan timeout);

    [LoggerMessage(EventId = 4047, Level = LogLevel.Warning, Message = "Outbound queue to {Address} is full ({Capacity}); {Dropped} messages dropped so far")]
    private static partial void LogQueueFull(ILogger logger, RemoteAddress address, int capacity, long dropped);

    [LoggerMessage(EventId = 4048, Level = LogLevel.Warning, Message = "Not associating with quarantined {Peer}")]
    private static partial void LogPeerQuarantined(ILogger logger, NodeIdentity peer);

    [LoggerMessage(EventId = 4049, Level = LogLevel.Warning, Message = "Dropped {Count} queued messages for {Address}: its incarnation is quarantined")]
    private static partial void LogDroppedQueued(ILogger logger, RemoteAddress address, int count);

    [LoggerMessage(EventId = 4050, Level = LogLevel.Debug, Message = "Closing the connection to {Address} failed: {Reason}")]
    private static partial void LogCloseFailed(ILogger logger, RemoteAddress address, string reason);

    [LoggerMessage(EventId = 4051, Level = LogLevel.Error, Message = "Association with {Address} hit an unexpected fault; reconnecting with backoff")]
    private static partial void LogConnectionFault(ILogger logger, RemoteAddress address, Exception exception);
}
