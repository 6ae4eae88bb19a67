using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace PaxosAkka.Node.Http;

/// <summary>
/// Reads a request body without ever holding more than the route's limit: a declared Content-Length over the
/// limit is refused before reading, and a chunked body is cut off at the first byte past it.
/// </summary>
internal static class RequestBody
{
    /// <summary>The body bytes, or null when it is longer than <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]?> ReadBoundedAsync(HttpContext context, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = HttpLimits.KestrelMaxRequestBodyBytes;
        }

        long? declared = context.Request.ContentLength;
        if (declared > limit)
        {
            return null;
        }

        // Start from the declared size (bounded above) so a normal PUT reads into one exact buffer.
        int capacity = (int)Math.Min(declared ?? 4096, limit) + 1;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1));
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, (long)limit + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                int read = await context.Request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                length += read;
                if (length > limit)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
