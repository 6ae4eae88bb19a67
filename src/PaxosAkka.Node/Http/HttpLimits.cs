namespace PaxosAkka.Node.Http;

/// <summary>Size limits of the client API (issue 6: 413 for keys over 1 KiB or values over 1 MiB).</summary>
public static class HttpLimits
{
    /// <summary>Largest key, in UTF-8 bytes: 1 KiB.</summary>
    public const int MaxKeyBytes = 1024;

    /// <summary>Largest value, in bytes: 1 MiB.</summary>
    public const int MaxValueBytes = 1024 * 1024;

    /// <summary>Largest Idempotency-Key header, in UTF-8 bytes (it becomes part of a command id in the log).</summary>
    public const int MaxIdempotencyKeyBytes = 256;

    /// <summary>
    /// Largest compare-and-set body. Both strings may hold 1 MiB of UTF-8 and JSON may escape a byte as six
    /// characters (<c>\u0001</c>), so a legal body can reach about 12 MiB; anything beyond is refused unread.
    /// </summary>
    public const int MaxCasBodyBytes = (2 * 6 * MaxValueBytes) + 4096;

    /// <summary>
    /// Kestrel's per-request body cap on the key-value routes: above the largest legal body, so a refused
    /// oversized body can still be drained and the 413 reaches the client on a healthy connection.
    /// </summary>
    public const long KestrelMaxRequestBodyBytes = 16L * 1024 * 1024;
}
