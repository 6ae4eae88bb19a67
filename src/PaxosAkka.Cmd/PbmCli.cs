using System.CommandLine;
using System.CommandLine.Help;
using PaxosAkka.Cmd.Interactive;
using PaxosAkka.Cmd.Remote;

namespace PaxosAkka.Cmd;

/// <summary>
/// The whole <c>pbm</c> command tree. It takes its input and output writers as arguments so tests run it in-process and
/// read exactly what a user would see, without touching the real console.
/// </summary>
internal static class PbmCli
{
    /// <summary>Runs <paramref name="args"/> with no standard input (a <c>menu</c> or prompt sees the end of input at once).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error) => Run(args, TextReader.Null, output, error, terminal: false);

    /// <summary>
    /// <c>pbm [host:port] &lt;command&gt;</c> runs one command; <c>pbm [host:port]</c> alone opens the prompt. Returns the
    /// exit code (<see cref="ExitCodes"/>).
    /// </summary>
    /// <param name="terminal">True when <paramref name="input"/> is a terminal: the prompt then edits lines with history and Tab.</param>
    public static int Run(IReadOnlyList<string> args, TextReader input, TextWriter output, TextWriter error, bool terminal)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        if (args.Count > 0 && !args[0].StartsWith('-') && args[0].Contains(':', StringComparison.Ordinal) && !NodeAddress.TryParse(args[0], out _))
        {
            // No command has a colon in its name: this was meant as the node's address.
            error.WriteLine($"pbm: '{args[0]}' is not a node address; give host:port with a port in 1..65535, e.g. {NodeAddress.Default}");
            return ExitCodes.BadArguments;
        }

        var (address, rest) = SplitAddress(args);
        return rest.Count == 0
            ? Repl.Run(address, input, output, error, terminal)
            : RunCommandAsync(address, rest, input, output, error, cancellationToken: null).GetAwaiter().GetResult();
    }

    /// <summary>The leading <c>host:port</c>, if the first word is one, and the words after it.</summary>
    internal static (NodeAddress Address, IReadOnlyList<string> Words) SplitAddress(IReadOnlyList<string> args) =>
        args.Count > 0 && NodeAddress.TryParse(args[0], out var address) ? (address, [.. args.Skip(1)]) : (NodeAddress.Default, args);

    /// <summary>
    /// Parses and runs one command. With a <paramref name="cancellationToken"/> (the prompt) Ctrl-C is the caller's to
    /// handle; without one System.CommandLine turns Ctrl-C into cancellation of the running command.
    /// </summary>
    internal static async Task<int> RunCommandAsync(
        NodeAddress address, IReadOnlyList<string> args, TextReader input, TextWriter output, TextWriter error, CancellationToken? cancellationToken)
    {
        var root = BuildRoot(new Io(address, output, error, input));
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // System.CommandLine would print every error plus the full help; a script wants one line it can
            // log, and a person wants to know where to look next.
            var messages = OneLine(parsed.Errors.Select(e => e.Message));
            var where = CommandPath(parsed.CommandResult);
            error.WriteLine($"{where}: {messages} (see '{where} --help')");
            return ExitCodes.BadArguments;
        }

        var configuration = new InvocationConfiguration { Output = output, Error = error };
        if (cancellationToken is null)
        {
            return await parsed.InvokeAsync(configuration).ConfigureAwait(false);
        }

        configuration.ProcessTerminationTimeout = null;
        return await parsed.InvokeAsync(configuration, cancellationToken.Value).ConfigureAwait(false);
    }

    /// <summary>The words that name the command a parse stopped in: "pbm", "pbm prime", "pbm kv ls".</summary>
    private static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var at = result; at is not null; at = at.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, at.Command.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>
    /// Parse errors as one line: trailing periods dropped, duplicates removed, and the generic "Required
    /// command was not provided" left out when a more specific error (an unknown word) explains it.
    /// </summary>
    internal static string OneLine(IEnumerable<string> errors)
    {
        var messages = errors.Select(m => m.Trim().TrimEnd('.')).Distinct(StringComparer.Ordinal).ToList();
        if (messages.Count > 1)
        {
            messages.RemoveAll(m => m.StartsWith("Required command was not provided", StringComparison.Ordinal));
        }

        return string.Join("; ", messages);
    }

    /// <summary>Builds the root command. A plain <see cref="Command"/> named <c>pbm</c> (not RootCommand)
    /// so help reads "pbm ..." even when the host process is a test runner.</summary>
    internal static Command BuildRoot(Io io)
    {
        var root = new Command(
            "pbm",
            $"PaxosAkka's command line. 'pbm [host:port] <command>' runs one command against the node whose command endpoint "
            + $"(paxos.cmd.port) is host:port, default {NodeAddress.Default}; node N of 'local' serves 9110+N. 'pbm [host:port]' "
            + "alone opens an interactive prompt. Palettes: cluster, actor, paxos, kv, prime, menu; and the simulations, which need "
            + "no cluster. " + ExitCodes.Summary)
        {
            SimulateCommand.Create(io.Output, io.Error),
            SimulateMultiCommand.Create(io.Output, io.Error),
            ClusterCommands.Create(io),
            ActorCommands.Create(io),
            PaxosCommands.Create(io),
            KvCommand.Create(io),
            PrimeCommand.Create(io),
            MenuCommand.Create(io),
        };
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        return root;
    }
}
