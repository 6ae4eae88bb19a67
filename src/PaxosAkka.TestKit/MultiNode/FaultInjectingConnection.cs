using PaxosAkka.Remote.Transport;

namespace PaxosAkka.TestKit.MultiNode;

/// <summary>
/// One connection under the conductor's control. On a connection this node opened (<c>peer</c> known), frames
/// to the peer and from it go through the fault table: blackholed ones vanish, throttled ones are held back.
/// </summary>
internal sealed class FaultInjectingConnection : IFrameConnection
{
    private readonly IFrameConnection _inner;
    private readonly FaultInjectingTransport _owner;
    private readonly string? _peer;
    private int _disposed;

    public FaultInjectingConnection(IFrameConnection inner, FaultInjectingTransport owner, string? peer)
    {
        _inner = inner;
        _owner = owner;
        _peer = peer;
    }

    public string RemoteEndPoint => _inner.RemoteEndPoint;

    public async ValueTask SendAsync(IReadOnlyList<byte[]> frames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        _owner.ThrowIfAborted();
        if (_peer is not null && _owner.Rules.Get(_owner.Self, _peer) is { } fault)
        {
            if (fault.DropsAll)
            {
                _owner.Rules.CountDropped(frames.Count);
                return;
            }

            await HoldAsync(fault, frames.Sum(f => (long)f.Length), cancellationToken);
        }

        await _inner.SendAsync(frames, cancellationToken);
    }

    public async ValueTask<byte[]?> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _owner.AbortToken);
        try
        {
            while (true)
            {
                var frame = await _inner.ReceiveAsync(linked.Token);
                if (frame is null || _peer is null || _owner.Rules.Get(_peer, _owner.Self) is not { } fault)
                {
                    return frame;
                }

                if (fault.DropsAll)
                {
                    _owner.Rules.CountDropped(1);
                    continue;
                }

                await HoldAsync(fault, frame.Length, linked.Token);
                return frame;
            }
        }
        catch (OperationCanceledException) when (_owner.IsAborted && !cancellationToken.IsCancellationRequested)
        {
            throw new IOException("the node's network was aborted by the test conductor");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _owner.Closed(this);
        await _inner.DisposeAsync();
    }

    private async Task HoldAsync(LinkFault fault, long bytes, CancellationToken cancellationToken)
    {
        var hold = fault.HoldFor(bytes);
        if (hold > TimeSpan.Zero)
        {
            await Task.Delay(hold, _owner.Time, cancellationToken);
        }
    }
}
