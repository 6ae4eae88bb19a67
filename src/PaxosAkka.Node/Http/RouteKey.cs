using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace PaxosAkka.Node.Http;

/// <summary>
/// The key a request names in its path, exactly as the client encoded it. Kestrel decodes every escape in the
/// path except <c>%2F</c> (so that an encoded slash does not split a segment), which left a key sent as
/// <c>/kv/files%2Fa.txt</c> stored as the literal <c>files%2Fa.txt</c>: a listing by prefix <c>files/</c> could
/// never find it. Here the key's segment is taken from the raw request target and unescaped once, so
/// <c>Uri.EscapeDataString(key)</c> and JavaScript's <c>encodeURIComponent(key)</c> round-trip every key.
/// </summary>
internal static class RouteKey
{
    /// <summary>
    /// The exact key of a route whose key is path segment <paramref name="segment"/> (1-based: 2 in
    /// <c>/kv/{key}</c>). <paramref name="routeValue"/> is returned as it is when it holds no <c>%2F</c>, which is
    /// the only escape Kestrel leaves undecoded.
    /// </summary>
    public static string Exact(HttpContext context, string routeValue, int segment)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(routeValue) || !routeValue.Contains("%2F", StringComparison.OrdinalIgnoreCase))
        {
            return routeValue;
        }

        string? raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        return raw is not null && RawSegment(raw, segment) is { } encoded ? Uri.UnescapeDataString(encoded) : routeValue;
    }

    /// <summary>Segment <paramref name="segment"/> (1-based) of the raw target's path, still escaped; null when absent.</summary>
    internal static string? RawSegment(string rawTarget, int segment)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segment, 1);
        string path = rawTarget;
        if (!path.StartsWith('/') && path.IndexOf("://", StringComparison.Ordinal) is int scheme and >= 0)
        {
            // An absolute-form target (through a proxy): the path starts after the authority.
            int slash = path.IndexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path[slash..];
        }

        int query = path.IndexOfAny(['?', '#']);
        path = query < 0 ? path : path[..query];
        string[] parts = path.Split('/');
        return segment < parts.Length ? parts[segment] : null;
    }
}
