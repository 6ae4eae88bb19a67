using System.Buffers;
using System.Buffers.Binary;

namespace PaxosAkka.Remote.Transport;

/// <summary>What <see cref="FrameCodec.TryRead"/> found at the head of the buffer.</summary>
internal enum FrameReadStatus
{
    Frame,
    NeedMoreData,
    TooLarge,
    Empty,
}

/// <summary>
/// Length-prefixed framing: a 4-byte big-endian payload length, then the payload. The declared length
/// is checked against the maximum BEFORE any byte of the payload is buffered, so a peer that announces
/// 2 GiB gets refused instead of making us allocate it.
/// </summary>
internal static class FrameCodec
{
    public const int HeaderSize = 4;

    public static FrameReadStatus TryRead(
        ref ReadOnlySequence<byte> buffer, int maximumFrameSize, out ReadOnlySequence<byte> payload, out long declaredLength)
    {
        payload = default;
        declaredLength = 0;
        if (buffer.Length < HeaderSize)
        {
            return FrameReadStatus.NeedMoreData;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        declaredLength = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (declaredLength == 0)
        {
            return FrameReadStatus.Empty;
        }

        if (declaredLength > maximumFrameSize)
        {
            return FrameReadStatus.TooLarge;
        }

        if (buffer.Length < HeaderSize + declaredLength)
        {
            return FrameReadStatus.NeedMoreData;
        }

        payload = buffer.Slice(HeaderSize, declaredLength);
        buffer = buffer.Slice(HeaderSize + declaredLength);
        return FrameReadStatus.Frame;
    }

    /// <summary>Writes header and payload into <paramref name="writer"/>.</summary>
    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> payload)
    {
        var span = writer.GetSpan(HeaderSize + payload.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)payload.Length);
        payload.CopyTo(span[HeaderSize..]);
        writer.Advance(HeaderSize + payload.Length);
    }

    /// <summary>Why a frame was refused, for the exception and the log line.</summary>
    public static string Describe(FrameReadStatus status, long declaredLength, int maximumFrameSize) => status switch
    {
        FrameReadStatus.TooLarge =>
            $"frame of {declaredLength} bytes exceeds maximum-frame-size {maximumFrameSize} bytes",
        FrameReadStatus.Empty => "empty frame (length 0)",
        _ => status.ToString(),
    };
}
