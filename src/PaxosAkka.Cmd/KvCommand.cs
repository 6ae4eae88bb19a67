using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace PaxosAkka.Cmd;

/// <summary>
/// <c>pbm kv ls [--prefix P] [--limit N] [--after K] [--all] [--url U]</c>: lists the keys of a running cluster's store
/// through <c>GET /kv?prefix=P&amp;limit=N&amp;after=K</c> (linearizable like a single GET) and prints one line per key:
/// the key, the revision that last wrote it and its value's size in bytes. When more keys follow it says how to
/// continue (on stderr, so stdout stays one key per line); <c>--all</c> follows every page itself.
/// </summary>
internal static class KvCommand
{
    /// <summary>The most keys one page may hold (the node's limit).</summary>
    public const int MaxLimit = 1000;

    /// <summary>Builds <c>pbm kv</c> with <c>ls</c> and the single-key commands (<see cref="Remote.KvEditCommands"/>).</summary>
    public static Command Create(Remote.Io io)
    {
        var (output, error) = (io.Output, io.Error);
        var prefix = new Option<string>("--prefix", "-p") { Description = "List only keys that start with this text. Default: every key.", DefaultValueFactory = _ => "" };
        var limit = new Option<int>("--limit", "-n") { Description = $"Keys per page, 1..{MaxLimit}. Default 100.", DefaultValueFactory = _ => 100 };
        var after = new Option<string?>("--after") { Description = "Start after this key (the 'next' of the previous page)." };
        var all = new Option<bool>("--all") { Description = "Follow every page until the last instead of printing one page." };
        var url = new Option<string?>("--url", "-u")
        {
            Description = "Base URL of any node's HTTP API. Default: the one the node at host:port names.",
        };
        var json = Remote.RemoteCommand.JsonOption();
        var ls = new Command(
            "ls",
            "List keys by prefix in ordinal order, one line per key: key, revision, size in bytes. A linearizable listing: it "
            + "reflects every write acknowledged before it. Exit codes: 0 = listed, 2 = bad arguments or refused by the node, "
            + "3 = node unreachable or no answer in time.")
        {
            prefix, limit, after, all, url, json,
        };
        ls.SetAction(async (parsed, cancellationToken) =>
        {
            var (given, exit) = await Remote.KvHttp.UrlOrReportAsync(io, parsed.GetValue(url), "kv ls", cancellationToken).ConfigureAwait(false);
            if (given is null)
            {
                return exit;
            }

            var request = new ListRequest(parsed.GetValue(prefix)!, parsed.GetValue(limit), parsed.GetValue(after), parsed.GetValue(all), given) { Json = parsed.GetValue(json) };
            return await ListAsync(request, output, error, cancellationToken).ConfigureAwait(false);
        });
        var kv = new Command("kv", "Work with the keys of a running cluster's store.") { ls };
        foreach (var command in Remote.KvEditCommands.Create(io))
        {
            kv.Subcommands.Add(command);
        }

        return kv;
    }

    /// <summary>What <c>pbm kv ls</c> was asked for.</summary>
    internal sealed record ListRequest(string Prefix, int Limit, string? After, bool All, string Url)
    {
        /// <summary>Print the keys as one JSON array of {key, revision, size} instead of a table.</summary>
        public bool Json { get; init; }
    }

    /// <summary>Validates, lists (one page or all) and prints; returns the exit code.</summary>
    internal static async Task<int> ListAsync(ListRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (request.Limit is < 1 or > MaxLimit)
        {
            error.WriteLine($"pbm kv ls: --limit must be 1..{MaxLimit}, not {request.Limit}");
            return ExitCodes.BadArguments;
        }

        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            error.WriteLine($"pbm kv ls: --url must be an http(s) URL such as {PrimeCommand.DefaultUrl}, not '{request.Url}'");
            return ExitCodes.BadArguments;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var keys = new List<Listed>();
        string? after = string.IsNullOrEmpty(request.After) ? null : request.After;
        while (true)
        {
            var target = new Uri(baseUri, "kv?" + Query(request.Prefix, request.Limit, after));
            Page page;
            try
            {
                using var response = await http.GetAsync(target, cancellationToken).ConfigureAwait(false);
                string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    error.WriteLine($"pbm kv ls: the node answered {(int)response.StatusCode}: {ErrorOf(body)}");
                    return response.StatusCode == HttpStatusCode.BadRequest ? ExitCodes.BadArguments : ExitCodes.Unavailable;
                }

                page = ParsePage(body);
            }
            catch (HttpRequestException e)
            {
                error.WriteLine($"pbm kv ls: cannot reach {baseUri}: {e.Message}");
                return ExitCodes.Unavailable;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error.WriteLine($"pbm kv ls: no answer from {baseUri} within 30 s");
                return ExitCodes.Unavailable;
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                error.WriteLine($"pbm kv ls: the node answered 200 with an unexpected body ({e.Message})");
                return ExitCodes.Unavailable;
            }

            keys.AddRange(page.Keys);
            after = page.Next;
            if (after is null || !request.All)
            {
                break;
            }
        }

        if (request.Json)
        {
            output.WriteLine("[" + string.Join(",", keys.Select(k => string.Create(CultureInfo.InvariantCulture, $"{{\"key\":{JsonSerializer.Serialize(k.Key, Remote.PbmCmdJson.Default.String)},\"revision\":{k.Revision},\"size\":{k.Size}}}"))) + "]");
        }
        else
        {
            Print(keys, request.Prefix, output);
        }
        if (after is not null)
        {
            error.WriteLine($"pbm kv ls: more keys follow; continue with --after {Quote(after)} (or list them all with --all)");
        }

        return ExitCodes.Success;
    }

    /// <summary>One line per key, columns aligned: key, revision, size in bytes.</summary>
    internal static void Print(IReadOnlyList<Listed> keys, string prefix, TextWriter output)
    {
        if (keys.Count == 0)
        {
            output.WriteLine(prefix.Length == 0 ? "no keys" : $"no keys with prefix {Quote(prefix)}");
            return;
        }

        int keyWidth = Math.Max("KEY".Length, keys.Max(k => k.Key.Length));
        int revisionWidth = Math.Max("REVISION".Length, keys.Max(k => Digits(k.Revision)));
        output.WriteLine($"{"KEY".PadRight(keyWidth)}  {"REVISION".PadLeft(revisionWidth)}  SIZE");
        foreach (var key in keys)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key.Key.PadRight(keyWidth)}  {key.Revision.ToString(CultureInfo.InvariantCulture).PadLeft(revisionWidth)}  {key.Size}"));
        }
    }

    private static string Query(string prefix, int limit, string? after) =>
        "prefix=" + Uri.EscapeDataString(prefix)
        + "&limit=" + limit.ToString(CultureInfo.InvariantCulture)
        + (after is null ? "" : "&after=" + Uri.EscapeDataString(after));

    private static Page ParsePage(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var keys = root.GetProperty("keys").EnumerateArray()
            .Select(k => new Listed(k.GetProperty("key").GetString()!, k.GetProperty("revision").GetInt64(), k.GetProperty("size").GetInt64()))
            .ToList();
        var next = root.GetProperty("next");
        return new Page(keys, next.ValueKind == JsonValueKind.String ? next.GetString() : null);
    }

    private static string ErrorOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String)
            {
                return e.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page, say): show it as it is.
        }

        return body.Length <= 300 ? body : body[..300] + "...";
    }

    private static int Digits(long n) => n.ToString(CultureInfo.InvariantCulture).Length;

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>One listed key.</summary>
    internal sealed record Listed(string Key, long Revision, long Size);

    private sealed record Page(IReadOnlyList<Listed> Keys, string? Next);
}
