using System.Collections.Concurrent;
using PaxosAkka.Remote.Handshake;
using PaxosAkka.Remote.Serialization;
using PaxosAkka.Remote.Transport;

namespace PaxosAkka.Remote.Endpoint;

/// <summary>Inbound side: admit a connection through the handshake, then read envelopes and deliver them.</summary>
public sealed partial class EndpointManager
{
    private async Task OnInboundAsync(IFrameConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            if (Interlocked.Increment(ref _inboundCount) > Settings.MaximumInboundConnections)
            {
                LogTooManyInbound(Log, connection.RemoteEndPoint, Settings.MaximumInboundConnections);
                return;
            }

            var peer = await HandshakeInboundAsync(connection, cancellationToken);
            if (peer is not null)
            {
                await ReadEnvelopesAsync(connection, peer, cancellationToken);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inboundCount);
        }
    }

    private async Task<NodeIdentity?> HandshakeInboundAsync(IFrameConnection connection, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Settings.HandshakeTimeout, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var peer = await Handshaker.RunServerAsync(connection, Local, Key, Admit, linked.Token);
            OnPeerIncarnation(peer, outbound: false);
            LogInboundAssociated(Log, peer, connection.RemoteEndPoint);
            return peer;
        }
        catch (HandshakeRefusedException e)
        {
            LogInboundRefused(Log, connection.RemoteEndPoint, e.Message);
        }
        catch (RemoteProtocolException e)
        {
            LogInboundGarbage(Log, connection.RemoteEndPoint, e.Message);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogHandshakeTimedOut(Log, connection.RemoteEndPoint, Settings.HandshakeTimeout);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (IOException e)
        {
            LogInboundClosed(Log, connection.RemoteEndPoint, e.Message);
        }

        return null;
    }

    private async Task ReadEnvelopesAsync(IFrameConnection connection, NodeIdentity peer, CancellationToken cancellationToken)
    {
        // Quarantine cancels this source to cut the connection of a dead incarnation.
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var connections = _inbound.GetOrAdd(peer, _ => new ConcurrentDictionary<CancellationTokenSource, byte>());
        connections.TryAdd(cut, 0);
        try
        {
            if (IsQuarantined(peer))
            {
                return;
            }

            while (await connection.ReceiveAsync(cut.Token) is { } frame)
            {
                // Quarantine cancels `cut`; checking the token keeps a lock off the per-frame path.
                if (cut.IsCancellationRequested)
                {
                    LogDroppedFromQuarantined(Log, peer);
                    return;
                }

                DeliverFrame(peer, frame);
            }

            LogInboundClosed(Log, connection.RemoteEndPoint, "closed by peer");
        }
        catch (RemoteProtocolException e)
        {
            // The framing itself is broken (oversized or truncated frame): this stream cannot be resynchronised.
            LogInboundGarbage(Log, connection.RemoteEndPoint, e.Message);
        }
        catch (OperationCanceledException) when (cut.IsCancellationRequested)
        {
        }
        catch (IOException e)
        {
            LogInboundClosed(Log, connection.RemoteEndPoint, e.Message);
        }
        finally
        {
            connections.TryRemove(cut, out _);
        }
    }

    /// <summary>
    /// Decodes and delivers one frame. A malformed envelope or an undecodable payload inside an intact frame
    /// costs only that message: it is logged and dropped, and the connection's later traffic still flows.
    /// </summary>
    private void DeliverFrame(NodeIdentity peer, byte[] frame)
    {
        Envelope envelope;
        try
        {
            envelope = EnvelopeCodec.Decode(frame);
        }
        catch (RemoteProtocolException e)
        {
            LogMalformedEnvelope(Log, peer, e.Message);
            return;
        }

        object message;
        try
        {
            message = Serializers.Deserialize(envelope.SerializerId, envelope.Manifest, envelope.Payload.Span);
        }
        catch (MessageSerializationException e)
        {
            LogDeserializeFailed(Log, peer, envelope.Recipient, e.Message);
            return;
        }

        try
        {
            _deliver(new InboundMessage(peer, envelope.Recipient, envelope.Sender, message));
        }
#pragma warning disable CA1031 // A failing local delivery must not cut the connection for every other message.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            LogDeliveryFailed(Log, envelope.Recipient, peer, e);
        }
    }
}
