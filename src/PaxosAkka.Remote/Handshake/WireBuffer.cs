using System.Buffers.Binary;
using System.Text;

namespace PaxosAkka.Remote.Handshake;

/// <summary>
/// Bounds-checked reader of the binary wire format. Every read that would run past the end, and every
/// string longer than its cap, throws a <see cref="RemoteProtocolException"/>: garbage never becomes an
/// out-of-range index or a huge allocation.
/// </summary>
internal ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public WireReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Remaining => _data.Length - _position;

    public byte ReadByte() => Take(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    public ReadOnlySpan<byte> ReadRest() => Take(Remaining);

    public string ReadString(int maximumBytes)
    {
        int length = ReadUInt16();
        if (length > maximumBytes)
        {
            throw new RemoteProtocolException($"string of {length} bytes exceeds its limit of {maximumBytes}");
        }

        try
        {
            return Strict.GetString(Take(length));
        }
        catch (DecoderFallbackException e)
        {
            throw new RemoteProtocolException("string is not valid UTF-8", e);
        }
    }

    public readonly void ExpectEnd()
    {
        if (Remaining != 0)
        {
            throw new RemoteProtocolException($"{Remaining} unexpected trailing bytes");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new RemoteProtocolException($"truncated message: wanted {count} bytes, {Remaining} left");
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    internal static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}

/// <summary>Growable writer of the same wire format.</summary>
internal sealed class WireWriter
{
    private byte[] _buffer;
    private int _length;

    public WireWriter(int capacity = 128) => _buffer = new byte[capacity];

    public WireWriter WriteByte(byte value)
    {
        Grow(1)[0] = value;
        return this;
    }

    public WireWriter WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(Grow(2), value);
        return this;
    }

    public WireWriter WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(Grow(4), value);
        return this;
    }

    public WireWriter WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(Grow(8), value);
        return this;
    }

    public WireWriter WriteBytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(Grow(value.Length));
        return this;
    }

    public WireWriter WriteString(string value)
    {
        var count = WireReader.Strict.GetByteCount(value);
        if (count > ushort.MaxValue)
        {
            throw new ArgumentException($"string of {count} bytes is too long for the wire format", nameof(value));
        }

        WriteUInt16((ushort)count);
        WireReader.Strict.GetBytes(value, Grow(count));
        return this;
    }

    /// <summary>The bytes written; no copy when the writer was created with the exact size.</summary>
    public byte[] ToArray() => _length == _buffer.Length ? _buffer : _buffer.AsSpan(0, _length).ToArray();

    private Span<byte> Grow(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
