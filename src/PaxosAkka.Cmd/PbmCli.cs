using System.CommandLine;
using System.CommandLine.Help;

namespace PaxosAkka.Cmd;

/// <summary>
/// The whole <c>pbm</c> command tree. It takes its output and error writers as arguments so tests run it
/// in-process and read exactly what a user would see, without touching the real console.
/// </summary>
internal static class PbmCli
{
    /// <summary>Parses <paramref name="args"/>, runs the selected command and returns its exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        var root = BuildRoot(output, error);
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

        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
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
    internal static Command BuildRoot(TextWriter output, TextWriter error)
    {
        var root = new Command("pbm", "PaxosAkka command line: run and inspect Paxos simulations, ask a running cluster to decide whether a number is prime, and list its keys.")
        {
            SimulateCommand.Create(output, error),
            SimulateMultiCommand.Create(output, error),
            PrimeCommand.Create(output, error),
            KvCommand.Create(output, error),
        };
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        return root;
    }
}
