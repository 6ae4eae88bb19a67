using System.CommandLine;

namespace PaxosAkka.Cmd.Interactive;

/// <summary>
/// Reads one line from a terminal with editing keys (arrows, Home/End, Backspace/Delete), history (Up/Down) and Tab
/// completion over the command tree. Our own small editor rather than a package: RadLine 0.6.0 restores here, but its
/// pre-1.0 API would be a bigger dependency than these few keys. Used only when stdin is a terminal; redirected input
/// is read as plain lines (<see cref="Repl"/>).
/// </summary>
internal sealed class LineEditor(Command root)
{
    private const int MaxHistory = 500;
    private readonly List<string> _history = [];

    /// <summary>The line typed, or null at Ctrl-D on an empty line (the end of input).</summary>
    public string? ReadLine(string prompt)
    {
        var line = new LineBuffer(_history);
        Console.Write(prompt);
        bool treatControlC = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true; // Ctrl-C clears the line being typed instead of ending pbm
        try
        {
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                switch (key)
                {
                    case { Key: ConsoleKey.Enter }:
                        Console.WriteLine();
                        Remember(line.Text);
                        return line.Text;
                    case { Key: ConsoleKey.D, Modifiers: ConsoleModifiers.Control } when line.Text.Length == 0:
                        Console.WriteLine();
                        return null;
                    case { Key: ConsoleKey.C, Modifiers: ConsoleModifiers.Control }:
                        Console.WriteLine("^C");
                        line = new LineBuffer(_history);
                        Console.Write(prompt);
                        continue;
                    case { Key: ConsoleKey.Tab }:
                        var choices = line.Complete(text => Completion.Complete(root, text));
                        if (choices.Count > 0)
                        {
                            Console.WriteLine();
                            Console.WriteLine(string.Join("  ", choices));
                        }

                        break;
                    case { Key: ConsoleKey.Backspace }:
                        line.Backspace();
                        break;
                    case { Key: ConsoleKey.Delete }:
                        line.Delete();
                        break;
                    case { Key: ConsoleKey.LeftArrow }:
                        line.Left();
                        break;
                    case { Key: ConsoleKey.RightArrow }:
                        line.Right();
                        break;
                    case { Key: ConsoleKey.Home }:
                        line.Home();
                        break;
                    case { Key: ConsoleKey.End }:
                        line.End();
                        break;
                    case { Key: ConsoleKey.UpArrow }:
                        line.Previous();
                        break;
                    case { Key: ConsoleKey.DownArrow }:
                        line.Next();
                        break;
                    case { KeyChar: var c } when !char.IsControl(c):
                        line.Insert(c);
                        break;
                }

                Redraw(prompt, line);
            }
        }
        finally
        {
            Console.TreatControlCAsInput = treatControlC;
        }
    }

    /// <summary>Rewrites the prompt line (ANSI: clear to end of line, cursor back) so every edit shows at once.</summary>
    private static void Redraw(string prompt, LineBuffer line)
    {
        int back = line.Text.Length - line.Cursor;
        Console.Write("\r" + prompt + line.Text + "\u001b[K" + (back > 0 ? $"\u001b[{back}D" : ""));
    }

    private void Remember(string text)
    {
        if (text.Trim().Length == 0 || (_history.Count > 0 && _history[^1] == text))
        {
            return;
        }

        _history.Add(text);
        if (_history.Count > MaxHistory)
        {
            _history.RemoveAt(0);
        }
    }
}
