using PaxosAkka.Cmd.Remote;

namespace PaxosAkka.Cmd.Interactive;

/// <summary>
/// <c>pbm [host:port]</c> with no command: the <c>[host:port] pbm&gt;</c> prompt. Each line runs as one command
/// against the same node; <c>help</c> lists the commands and exit codes, <c>exit</c> or <c>quit</c> (or the end of
/// input) leaves. On a terminal lines are edited with history and Tab completion (<see cref="LineEditor"/>), and Ctrl-C
/// stops the running command (a <c>cluster tail</c>) without leaving; redirected input is read as plain lines.
/// </summary>
internal static class Repl
{
    public static int Run(NodeAddress address, TextReader input, TextWriter output, TextWriter error, bool terminal)
    {
        string prompt = $"[{address}] pbm> ";
        var editor = terminal ? new LineEditor(PbmCli.BuildRoot(new Io(address, output, error, input))) : null;
        output.WriteLine($"pbm talks to {address}; type help for the commands, exit to leave.");
        CancellationTokenSource? running = null;
        ConsoleCancelEventHandler stop = (_, e) =>
        {
            e.Cancel = true; // Ctrl-C ends the command, not the prompt
            running?.Cancel();
        };
        if (terminal)
        {
            Console.CancelKeyPress += stop;
        }

        try
        {
            while (ReadLine(editor, prompt, input, output) is { } line)
            {
                var words = CommandLineWords.Split(line);
                if (words.Count == 0)
                {
                    continue;
                }

                if (words[0] is "exit" or "quit")
                {
                    break;
                }

                using var cancel = new CancellationTokenSource();
                running = cancel;
                var args = words[0] == "help" ? [.. words.Skip(1), "--help"] : words;
                int exit = PbmCli.RunCommandAsync(address, args, input, output, error, cancel.Token).GetAwaiter().GetResult();
                running = null;
                if (words[0] == "help" && words.Count == 1)
                {
                    output.WriteLine("At this prompt: Tab completes commands and options, Up/Down recall earlier lines, Ctrl-C stops a running command, exit or quit leaves.");
                }
                else if (exit != ExitCodes.Success)
                {
                    output.WriteLine($"(exit code {exit})");
                }
            }
        }
        finally
        {
            if (terminal)
            {
                Console.CancelKeyPress -= stop;
            }
        }

        return ExitCodes.Success;
    }

    private static string? ReadLine(LineEditor? editor, string prompt, TextReader input, TextWriter output)
    {
        if (editor is not null)
        {
            return editor.ReadLine(prompt);
        }

        output.Write(prompt);
        output.Flush();
        string? line = input.ReadLine();
        if (line is null)
        {
            output.WriteLine();
        }

        return line;
    }
}
