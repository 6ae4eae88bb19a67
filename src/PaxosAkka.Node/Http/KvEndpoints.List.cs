using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using PaxosAkka.Node.Store;

namespace PaxosAkka.Node.Http;

/// <summary>
/// <c>GET /kv?prefix=P&amp;limit=N&amp;after=K</c>: the keys that start with P, in ordinal (UTF-16 code unit) order,
/// strictly after K, at most N of them (default <see cref="DefaultListLimit"/>, at most
/// <see cref="KvListCommand.MaxLimit"/>), each with the revision that last wrote it and its value's size. The listing
/// is a <see cref="KvListCommand"/> ordered through the log like a read that takes a log slot, so it is linearizable
/// exactly as a single GET is: it reflects every write acknowledged before it was asked for. A page answers
/// <c>next</c> when more keys follow: pass it as <c>after</c> to get the next page.
/// </summary>
internal sealed partial class KvEndpoints
{
    /// <summary>Keys per page when the request names no limit.</summary>
    public const int DefaultListLimit = 100;

    /// <summary>Lists keys by prefix (see the type's summary).</summary>
    public async Task<IResult> ListAsync(HttpContext context)
    {
        if (await ForwardIfServedElsewhereAsync(context, "list").ConfigureAwait(false) is { } forwarded)
        {
            return forwarded;
        }

        var query = ListQuery.Parse(context.Request.Query, out string? problem);
        if (query is null)
        {
            return Refuse(new Rejection(StatusCodes.Status400BadRequest, "bad_listing", problem!))!;
        }

        return await ExecuteAsync(context, "list", new KvListCommand(query.Prefix, query.After, query.Limit), null, result => result switch
        {
            KvListing listing => Results.Json(
                new ListResponse([.. listing.Keys.Select(k => new ListedKey(k.Key, k.Revision, k.Size))], listing.Next, listing.Revision),
                KvListJsonContext.Default.ListResponse),
            _ => null,
        }).ConfigureAwait(false);
    }

    /// <summary>The validated query of a listing.</summary>
    internal sealed record ListQuery(string Prefix, string? After, int Limit)
    {
        /// <summary>Parses prefix, after and limit; null and a message for the client when one is malformed.</summary>
        public static ListQuery? Parse(IQueryCollection query, out string? problem)
        {
            string? prefixProblem = Single(query, "prefix", out string? prefix);
            string? afterProblem = Single(query, "after", out string? after);
            string? limitProblem = Single(query, "limit", out string? limitText);
            problem = prefixProblem ?? afterProblem ?? limitProblem;
            if (problem is not null)
            {
                return null;
            }

            prefix ??= string.Empty;
            int limit = DefaultListLimit;
            if (limitText is not null
                && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > KvListCommand.MaxLimit))
            {
                problem = $"limit must be a whole number in 1..{KvListCommand.MaxLimit}, not '{Shorten(limitText)}'";
                return null;
            }

            if (Encoding.UTF8.GetByteCount(prefix) > HttpLimits.MaxKeyBytes || (after is not null && Encoding.UTF8.GetByteCount(after) > HttpLimits.MaxKeyBytes))
            {
                problem = $"prefix and after must each be at most {HttpLimits.MaxKeyBytes} bytes (UTF-8), like a key";
                return null;
            }

            return new ListQuery(prefix, string.IsNullOrEmpty(after) ? null : after, limit);
        }

        private static string? Single(IQueryCollection query, string name, out string? value)
        {
            var values = query[name];
            value = values.Count == 1 ? values[0] : null;
            return values.Count > 1 ? $"{name} must be given at most once" : null;
        }

        private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
    }
}

/// <summary><c>GET /kv</c> answer: a page of keys and the cursor of the next page (null: this was the last).</summary>
public sealed record ListResponse(IReadOnlyList<ListedKey> Keys, string? Next, long Revision);

/// <summary>One key of a listing: the revision that last wrote it and its value's size in bytes.</summary>
public sealed record ListedKey(string Key, long Revision, int Size);

/// <summary>Source-generated JSON of the listing (camelCase, <c>"next": null</c> written out like the rest of the API).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ListResponse))]
internal sealed partial class KvListJsonContext : JsonSerializerContext;
