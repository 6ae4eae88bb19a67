using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace PaxosAkka.Cmd;

/// <summary>
/// <c>pbm prime N [--url http://127.0.0.1:8081]</c>: asks a running node to decide by consensus whether N is
/// prime (<c>POST /prime/{n}</c>, issue 7 item 5) and prints the verdict, the store revision that recorded it
/// and the nodes that checked it.
/// </summary>
internal static class PrimeCommand
{
    /// <summary>The node asked when no --url is given: node 1 of the local cluster.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8081";

    /// <summary>Builds the command.</summary>
    public static Command Create(Remote.Io io)
    {
        var (output, error) = (io.Output, io.Error);
        var number = new Argument<string>("N") { Description = $"The number to check: a whole number in 1..{long.MaxValue}." };
        var url = new Option<string?>("--url", "-u")
        {
            Description = "Base URL of any node's HTTP API; a non-leader hands the request to the leader. Default: the one the node at host:port names.",
        };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds to wait for the verdict (1..3600). Numbers near 2^63 take the cluster seconds. Default 300.",
            DefaultValueFactory = _ => 300,
        };
        var json = Remote.RemoteCommand.JsonOption();
        var command = new Command(
            "prime",
            "Decide by Paxos consensus whether N is prime: the leader splits the divisor range among the proposer nodes, "
            + "acceptors verify every partial verdict, the final verdict is recorded in the store. "
            + "Exit codes: 0 = verdict printed (prime or not), 2 = bad arguments or refused by the node, 3 = node unreachable or no verdict in time.")
        {
            number, url, timeout, json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var (given, exit) = await Remote.KvHttp.UrlOrReportAsync(io, parsed.GetValue(url), "prime", cancellationToken).ConfigureAwait(false);
            if (given is null)
            {
                return exit;
            }

            return await ExecuteAsync(parsed.GetValue(number)!, given, parsed.GetValue(timeout), output, error, cancellationToken, parsed.GetValue(json)).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Validates, asks the node and prints the verdict; returns the exit code.</summary>
    internal static async Task<int> ExecuteAsync(string number, string url, int timeoutSeconds, TextWriter output, TextWriter error, CancellationToken cancellationToken, bool json = false)
    {
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out long n) || n < 1)
        {
            error.WriteLine($"pbm prime: N must be a whole number in 1..{long.MaxValue}, not '{number}' (see 'pbm prime --help')");
            return ExitCodes.BadArguments;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            error.WriteLine($"pbm prime: --url must be an http(s) URL such as {DefaultUrl}, not '{url}'");
            return ExitCodes.BadArguments;
        }

        if (timeoutSeconds is < 1 or > 3600)
        {
            error.WriteLine($"pbm prime: --timeout must be 1..3600 seconds, not {timeoutSeconds}");
            return ExitCodes.BadArguments;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(timeoutSeconds) };
        var target = new Uri(baseUri, string.Create(CultureInfo.InvariantCulture, $"prime/{n}"));
        try
        {
            using var response = await http.PostAsync(target, content: null, cancellationToken).ConfigureAwait(false);
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK && json)
            {
                output.WriteLine(body); // the node's verdict as it sent it: {"n","prime","revision","checkedBy","divisor"}
                return ExitCodes.Success;
            }

            return response.StatusCode == HttpStatusCode.OK ? PrintVerdict(n, body, output, error) : PrintRefusal(response.StatusCode, body, error);
        }
        catch (HttpRequestException e)
        {
            error.WriteLine($"pbm prime: cannot reach {baseUri}: {e.Message}");
            return ExitCodes.Unavailable;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error.WriteLine($"pbm prime: no verdict from {baseUri} within {timeoutSeconds} s (raise --timeout for numbers near 2^63)");
            return ExitCodes.Unavailable;
        }
    }

    private static int PrintVerdict(long n, string body, TextWriter output, TextWriter error)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            bool prime = root.GetProperty("prime").GetBoolean();
            long revision = root.GetProperty("revision").GetInt64();
            string by = string.Join(", ", root.GetProperty("checkedBy").EnumerateArray().Select(e => e.GetInt32()));
            string divisor = root.TryGetProperty("divisor", out var d) && d.ValueKind == JsonValueKind.Number
                ? string.Create(CultureInfo.InvariantCulture, $": {d.GetInt64()} divides it")
                : "";
            output.WriteLine(prime
                ? $"{n} is prime (recorded at revision {revision}; checked by nodes {by})"
                : $"{n} is not prime{divisor} (recorded at revision {revision}; checked by nodes {by})");
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            error.WriteLine($"pbm prime: the node answered 200 with an unexpected body: {Shorten(body)}");
            return ExitCodes.Unavailable;
        }
    }

    private static int PrintRefusal(HttpStatusCode status, string body, TextWriter error)
    {
        string message = body;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String)
            {
                message = e.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page, say): show it as it is.
        }

        error.WriteLine($"pbm prime: the node answered {(int)status}: {Shorten(message)}");
        return status == HttpStatusCode.BadRequest ? ExitCodes.BadArguments : ExitCodes.Unavailable;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
