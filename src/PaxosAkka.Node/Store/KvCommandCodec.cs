using System.Buffers.Binary;
using System.Text;

namespace PaxosAkka.Node.Store;

/// <summary>
/// The log's binary form of <see cref="KvCommand"/>: a format version, a kind byte, then length-prefixed
/// fields. Compact because every command is written to every acceptor's disk.
/// </summary>
public static class KvCommandCodec
{
    /// <summary>The format version this code writes; older readers refuse newer entries loudly.</summary>
    public const byte Version = 1;

    private const byte KindPut = 1;
    private const byte KindDelete = 2;
    private const byte KindCas = 3;
    private const byte KindRead = 4;
    private const byte KindList = 5;

    /// <summary>Encodes <paramref name="command"/>.</summary>
    public static byte[] Encode(KvCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command is KvListCommand list)
        {
            return EncodeList(list);
        }

        var key = Encoding.UTF8.GetBytes(command.Key);
        var (kind, a, b) = command switch
        {
            KvPutCommand p => (KindPut, p.Value, (byte[]?)null),
            KvDeleteCommand => (KindDelete, null, null),
            KvCasCommand c => (KindCas, c.Value, c.Expected),
            KvReadCommand => (KindRead, (byte[]?)null, (byte[]?)null),
            _ => throw new ArgumentException($"unknown command {command.GetType().Name}", nameof(command)),
        };
        var size = 2 + 4 + key.Length + (a is null ? 0 : 4 + a.Length) + (kind == KindCas ? 1 + (b is null ? 0 : 4 + b.Length) : 0);
        var buffer = new byte[size];
        var span = buffer.AsSpan();
        span[0] = Version;
        span[1] = kind;
        var at = WriteField(span, 2, key);
        if (a is not null)
        {
            at = WriteField(span, at, a);
        }

        if (kind == KindCas)
        {
            span[at++] = b is null ? (byte)0 : (byte)1;
            if (b is not null)
            {
                WriteField(span, at, b);
            }
        }

        return buffer;
    }

    /// <summary>Decodes an entry written by <see cref="Encode"/>.</summary>
    /// <exception cref="FormatException">Truncated, corrupt, or from a newer format version.</exception>
    public static KvCommand Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2)
        {
            throw new FormatException("command is shorter than its header");
        }

        if (data[0] != Version)
        {
            throw new FormatException($"command format version {data[0]} is not supported (this node reads version {Version})");
        }

        var at = 2;
        var key = Encoding.UTF8.GetString(ReadField(data, ref at));
        KvCommand command = data[1] switch
        {
            KindPut => new KvPutCommand(key, ReadField(data, ref at).ToArray()),
            KindDelete => new KvDeleteCommand(key),
            KindCas => ReadCas(data, key, ref at),
            KindRead => new KvReadCommand(key),
            KindList => ReadList(data, key, ref at),
            var other => throw new FormatException($"unknown command kind {other}"),
        };
        if (at != data.Length)
        {
            throw new FormatException($"{data.Length - at} trailing byte(s) after the command");
        }

        return command;
    }

    private static KvCasCommand ReadCas(ReadOnlySpan<byte> data, string key, ref int at)
    {
        var value = ReadField(data, ref at).ToArray();
        if (at >= data.Length)
        {
            throw new FormatException("compare-and-set is missing its expected-value flag");
        }

        var hasExpected = data[at++];
        var expected = hasExpected switch
        {
            0 => null,
            1 => ReadField(data, ref at).ToArray(),
            _ => throw new FormatException($"bad expected-value flag {hasExpected}"),
        };
        return new KvCasCommand(key, expected, value);
    }

    /// <summary>
    /// What an entry is without copying its value (a put may carry 1 MiB): its kind ("put", "delete", "cas", "read",
    /// "list"), its key (a listing's prefix) and its value's size in bytes. Null when the entry does not decode.
    /// </summary>
    public static KvCommandSummary? Peek(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2 || data[0] != Version)
        {
            return null;
        }

        try
        {
            var at = 2;
            var key = Encoding.UTF8.GetString(ReadField(data, ref at));
            return data[1] switch
            {
                KindPut => new KvCommandSummary("put", key, ReadField(data, ref at).Length),
                KindDelete => new KvCommandSummary("delete", key, 0),
                KindCas => new KvCommandSummary("cas", key, ReadField(data, ref at).Length),
                KindRead => new KvCommandSummary("read", key, 0),
                KindList => new KvCommandSummary("list", key, 0),
                _ => null,
            };
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A listing: prefix field, an after-flag (0 none, 1 then a field), then the limit as a 4-byte integer.</summary>
    private static byte[] EncodeList(KvListCommand list)
    {
        var prefix = Encoding.UTF8.GetBytes(list.Prefix);
        var after = list.After is null ? null : Encoding.UTF8.GetBytes(list.After);
        var buffer = new byte[2 + 4 + prefix.Length + 1 + (after is null ? 0 : 4 + after.Length) + 4];
        var span = buffer.AsSpan();
        span[0] = Version;
        span[1] = KindList;
        var at = WriteField(span, 2, prefix);
        span[at++] = after is null ? (byte)0 : (byte)1;
        if (after is not null)
        {
            at = WriteField(span, at, after);
        }

        BinaryPrimitives.WriteInt32LittleEndian(span[at..], list.Limit);
        return buffer;
    }

    private static KvListCommand ReadList(ReadOnlySpan<byte> data, string prefix, ref int at)
    {
        if (at >= data.Length)
        {
            throw new FormatException("listing is missing its after-key flag");
        }

        var hasAfter = data[at++];
        string? after = hasAfter switch
        {
            0 => null,
            1 => Encoding.UTF8.GetString(ReadField(data, ref at)),
            _ => throw new FormatException($"bad after-key flag {hasAfter}"),
        };
        if (data.Length - at < 4)
        {
            throw new FormatException("listing limit is truncated");
        }

        var limit = BinaryPrimitives.ReadInt32LittleEndian(data[at..]);
        at += 4;
        if (limit is < 1 or > KvListCommand.MaxLimit)
        {
            // Checked here so that every replica refuses the same entry the same way (KvRejected), never lists it.
            throw new FormatException($"listing limit {limit} is outside 1..{KvListCommand.MaxLimit}");
        }

        return new KvListCommand(prefix, after, limit);
    }

    private static int WriteField(Span<byte> span, int at, byte[] field)
    {
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], field.Length);
        field.CopyTo(span[(at + 4)..]);
        return at + 4 + field.Length;
    }

    private static ReadOnlySpan<byte> ReadField(ReadOnlySpan<byte> data, ref int at)
    {
        if (data.Length - at < 4)
        {
            throw new FormatException("field length is truncated");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(data[at..]);
        if (length < 0 || length > data.Length - at - 4)
        {
            throw new FormatException($"field length {length} exceeds the {data.Length - at - 4} byte(s) left");
        }

        var field = data.Slice(at + 4, length);
        at += 4 + length;
        return field;
    }
}

/// <summary>What <see cref="KvCommandCodec.Peek"/> tells of an entry: its kind, key and value size in bytes.</summary>
public sealed record KvCommandSummary(string Kind, string Key, int ValueSize);
