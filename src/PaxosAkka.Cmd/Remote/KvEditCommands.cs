using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace PaxosAkka.Cmd.Remote;

/// <summary>
/// <c>pbm [host:port] kv get|put|del|cas</c>: one request to the node's client API (found through its command
/// endpoint, or <c>--url</c>). Text output is the value (get) or <c>OK revision N</c>; <c>--json</c> prints the node's
/// JSON answer. A missing key or a CAS conflict exits 4.
/// </summary>
internal static class KvEditCommands
{
    public static IEnumerable<Command> Create(Io io)
    {
        yield return Edit(io, "get", "Read a key (linearizable); prints its value.", withValue: false, withExpected: false,
            (kv, key, _, _, ct) => kv.GetAsync(key, ct));
        yield return Edit(io, "put", "Write a value under a key once a quorum chose it; prints the revision.", withValue: true, withExpected: false,
            (kv, key, value, _, ct) => kv.PutAsync(key, value!, ct));
        yield return Edit(io, "del", "Delete a key; prints the revision.", withValue: false, withExpected: false,
            (kv, key, _, _, ct) => kv.DeleteAsync(key, ct));
        yield return Edit(io, "cas", "Compare-and-set: write VALUE only if the key holds --expected (omit it for 'only if absent').", withValue: true, withExpected: true,
            (kv, key, value, expected, ct) => kv.CasAsync(key, expected, value!, ct));
    }

    /// <summary>Prints an answer as the kv commands and the menu show it; returns the exit code.</summary>
    internal static int Print(string verb, string key, KvAnswer answer, bool json, TextWriter output, TextWriter error)
    {
        if (json)
        {
            output.WriteLine(verb == "get" && answer.Ok
                ? JsonSerializer.Serialize(new KvValueJson(key, answer.Body, long.TryParse(answer.Revision, NumberStyles.None, CultureInfo.InvariantCulture, out long r) ? r : null), PbmCmdJson.Default.KvValueJson)
                : answer.Body);
            return answer.Exit;
        }

        if (answer.Ok)
        {
            output.WriteLine(verb == "get" ? answer.Body : $"OK revision {answer.JsonRevision() ?? "(already applied)"}");
            return ExitCodes.Success;
        }

        error.WriteLine(answer.Status switch
        {
            System.Net.HttpStatusCode.NotFound => $"pbm kv {verb}: no key '{key}'",
            System.Net.HttpStatusCode.Conflict => $"pbm kv {verb}: conflict: '{key}' holds {Current(answer.Body)}",
            var status => $"pbm kv {verb}: the node answered {(int)status}: {NodeAnswers.ErrorOf(answer.Body)}",
        });
        return answer.Exit;
    }

    private static Command Edit(
        Io io, string verb, string description, bool withValue, bool withExpected, Func<KvHttp, string, string?, string?, CancellationToken, Task<KvAnswer>> send)
    {
        var key = new Argument<string>("KEY") { Description = "The key (any text up to 1 KiB; '/' is fine)." };
        var value = new Argument<string>("VALUE") { Description = "The value, as UTF-8 text (up to 1 MiB)." };
        var expected = new Option<string?>("--expected", "-e") { Description = "The value the key must hold now; leave out to require that it is absent." };
        var url = new Option<string?>("--url", "-u") { Description = "Base URL of a node's client API; default: the one the node at host:port names." };
        var json = RemoteCommand.JsonOption();
        var symbols = new List<Symbol> { key };
        if (withValue)
        {
            symbols.Add(value);
        }

        if (withExpected)
        {
            symbols.Add(expected);
        }

        symbols.AddRange([url, json]);
        return RemoteCommand.Create($"kv {verb}", description, io, symbols, async (parsed, _, ct) =>
        {
            using var kv = new KvHttp(await KvHttp.ResolveAsync(io, parsed.GetValue(url), ct).ConfigureAwait(false));
            string k = parsed.GetValue(key)!;
            var answer = await send(kv, k, withValue ? parsed.GetValue(value) : null, withExpected ? parsed.GetValue(expected) : null, ct).ConfigureAwait(false);
            return Print(verb, k, answer, parsed.GetValue(json), io.Output, io.Error);
        });
    }

    private static string Current(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("current", out var c) && c.ValueKind == JsonValueKind.String ? $"\"{c.GetString()}\"" : "nothing (absent)";
        }
        catch (JsonException)
        {
            return NodeAnswers.Shorten(body);
        }
    }
}
