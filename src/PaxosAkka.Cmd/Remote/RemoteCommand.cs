using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PaxosAkka.Cmd.Remote;

/// <summary>Which node a command talks to, where it writes, and where <c>menu</c> reads its answers from.</summary>
internal sealed record Io(NodeAddress Address, TextWriter Output, TextWriter Error, TextReader Input);

/// <summary>
/// The scaffolding every node-talking command shares: its <c>--json</c> switch, one <see cref="PbmClient"/> per run,
/// and one way of reporting a failed call (<c>pbm cluster down: cannot reach ...</c>) with its exit code.
/// </summary>
internal static class RemoteCommand
{
    /// <summary>A fresh <c>--json</c> option (System.CommandLine options belong to one command each).</summary>
    public static Option<bool> JsonOption() => new("--json") { Description = "Print the node's answer as JSON (one object; one per line for streams) instead of text." };

    /// <summary>Builds a command whose action runs <paramref name="body"/> against the node at <see cref="Io.Address"/>.</summary>
    public static Command Create(
        string path, string description, Io io, IEnumerable<Symbol> symbols, Func<ParseResult, PbmClient, CancellationToken, Task<int>> body)
    {
        var command = new Command(path.Split(' ')[^1], description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Option option:
                    command.Options.Add(option);
                    break;
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
            }
        }

        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var client = new PbmClient(io.Address);
            try
            {
                return await body(parsed, client, cancellationToken).ConfigureAwait(false);
            }
            catch (PbmCallException e)
            {
                io.Error.WriteLine($"pbm {path}: {e.Message}");
                return e.Exit;
            }
        });
        return command;
    }

    /// <summary>Prints <paramref name="value"/> as JSON or through <paramref name="text"/>; returns success.</summary>
    public static int Print<T>(Io io, bool json, T value, JsonTypeInfo<T> type, Action<T, TextWriter> text)
    {
        if (json)
        {
            io.Output.WriteLine(JsonSerializer.Serialize(value, type));
        }
        else
        {
            text(value, io.Output);
        }

        return ExitCodes.Success;
    }
}
