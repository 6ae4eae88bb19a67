using System.CommandLine;
using System.Globalization;
using PaxosAkka.Pbm;

namespace PaxosAkka.Cmd.Remote;

/// <summary>
/// <c>pbm [host:port] menu</c>: reference system 003's menu-driven client. It lists the cluster's servers (as the node
/// at host:port knows them), asks which one to send requests to (1..N), then offers put, get, delete, compare-and-set,
/// the prime check and the server's Paxos status, printing each answer, until <c>q</c> or the end of its input. It
/// reads plain lines, so a script or a test can drive it through standard input.
/// </summary>
internal static class MenuCommand
{
    private const string Requests = "  1) put  2) get  3) delete  4) cas  5) prime  6) status  7) change server  q) quit";

    public static Command Create(Io io) =>
        RemoteCommand.Create("menu", "Reference system 003's menu-driven client: pick a server 1..N, send requests, see the answers.", io, [], RunAsync(io));

    private static Func<ParseResult, PbmClient, CancellationToken, Task<int>> RunAsync(Io io) => async (_, client, ct) =>
    {
        var node = await client.GetAsync(PbmRoutes.Node, PbmJson.Default.PbmNode, ct).ConfigureAwait(false);
        var menu = new Menu(io, node.Servers);
        menu.Say("PaxosAkka client (reference system 003): pick a server, send requests, see the answers.");
        menu.Say($"Servers (as node-{node.Id.ToString(CultureInfo.InvariantCulture)} at {io.Address} knows them):");
        foreach (var (server, index) in node.Servers.Select((s, i) => (s, i + 1)))
        {
            menu.Say(string.Create(CultureInfo.InvariantCulture, $"  {index}) node-{server.Id}  {server.HttpUrl}  [{string.Join(",", server.Roles)}]"));
        }

        while (await menu.ChooseServerAsync().ConfigureAwait(false) is { } server)
        {
            if (!await menu.ServeAsync(server, ct).ConfigureAwait(false))
            {
                break;
            }
        }

        menu.Say("bye");
        return ExitCodes.Success;
    };

    /// <summary>One menu session over its input; every loop ends at <c>q</c> or at the end of the input.</summary>
    private sealed class Menu(Io io, IReadOnlyList<PbmServer> servers)
    {
        public void Say(string line) => io.Output.WriteLine(line);

        /// <summary>The chosen server, or null to quit.</summary>
        public async Task<PbmServer?> ChooseServerAsync()
        {
            while (true)
            {
                string? answer = await AskAsync($"Enter the server number to send requests to (1-{servers.Count}), or q to quit", "server").ConfigureAwait(false);
                if (answer is null or "q")
                {
                    return null;
                }

                if (int.TryParse(answer, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && n <= servers.Count)
                {
                    return servers[n - 1];
                }

                Say($"'{answer}' is not a server number 1-{servers.Count}");
            }
        }

        /// <summary>Sends requests to <paramref name="server"/>; false to quit, true to pick another server.</summary>
        public async Task<bool> ServeAsync(PbmServer server, CancellationToken ct)
        {
            var url = new Uri(server.HttpUrl.TrimEnd('/') + "/");
            using var kv = new KvHttp(url);
            Say(string.Create(CultureInfo.InvariantCulture, $"Sending to server {server.Id} ({server.HttpUrl}). Requests:"));
            Say(Requests);
            while (await AskAsync(null, "request").ConfigureAwait(false) is { } choice)
            {
                var answer = new StringWriter(CultureInfo.InvariantCulture);
                switch (choice)
                {
                    case "q":
                        return false;
                    case "7":
                        return true;
                    case "1" when await FieldsAsync("key", "value").ConfigureAwait(false) is [var key, var value]:
                        KvEditCommands.Print("put", key, await kv.PutAsync(key, value, ct).ConfigureAwait(false), false, answer, answer);
                        break;
                    case "2" when await FieldsAsync("key").ConfigureAwait(false) is [var key]:
                        KvEditCommands.Print("get", key, await kv.GetAsync(key, ct).ConfigureAwait(false), false, answer, answer);
                        break;
                    case "3" when await FieldsAsync("key").ConfigureAwait(false) is [var key]:
                        KvEditCommands.Print("del", key, await kv.DeleteAsync(key, ct).ConfigureAwait(false), false, answer, answer);
                        break;
                    case "4" when await FieldsAsync("key", "expected (empty = absent)", "value").ConfigureAwait(false) is [var key, var expected, var value]:
                        KvEditCommands.Print("cas", key, await kv.CasAsync(key, expected.Length == 0 ? null : expected, value, ct).ConfigureAwait(false), false, answer, answer);
                        break;
                    case "5" when await FieldsAsync("number").ConfigureAwait(false) is [var number]:
                        await PrimeCommand.ExecuteAsync(number, url.ToString(), 300, answer, answer, ct).ConfigureAwait(false);
                        break;
                    case "6":
                        await StatusAsync(kv, answer, ct).ConfigureAwait(false);
                        break;
                    case "1" or "2" or "3" or "4" or "5":
                        return false; // the input ended in the middle of a request
                    default:
                        Say($"'{choice}' is not a request; choose 1-7 or q");
                        Say(Requests);
                        continue;
                }

                foreach (var line in answer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    Say(string.Create(CultureInfo.InvariantCulture, $"answer from server {server.Id}: {line.TrimEnd('\r')}"));
                }
            }

            return false;
        }

        private static async Task StatusAsync(KvHttp kv, TextWriter answer, CancellationToken ct)
        {
            var status = await kv.GetPathAsync("paxos", ct).ConfigureAwait(false);
            answer.WriteLine(status.Ok ? status.Body : $"the node answered {(int)status.Status}: {NodeAnswers.ErrorOf(status.Body)}");
        }

        /// <summary>Asks for each field in turn; null when the input ends first.</summary>
        private async Task<string[]?> FieldsAsync(params string[] names)
        {
            var values = new string[names.Length];
            for (int i = 0; i < names.Length; i++)
            {
                if (await AskAsync(null, names[i]).ConfigureAwait(false) is not { } value)
                {
                    return null;
                }

                values[i] = value;
            }

            return values;
        }

        private async Task<string?> AskAsync(string? question, string prompt)
        {
            if (question is not null)
            {
                Say(question);
            }

            io.Output.Write(prompt + "> ");
            io.Output.Flush();
            string? line = await io.Input.ReadLineAsync().ConfigureAwait(false);
            if (line is null)
            {
                io.Output.WriteLine();
            }

            return line?.Trim();
        }
    }
}
