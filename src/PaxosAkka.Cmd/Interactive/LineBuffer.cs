using System.Text;

namespace PaxosAkka.Cmd.Interactive;

/// <summary>
/// The line being edited at the prompt and the history behind it: plain state with no console, so every key's effect
/// is unit-tested; <see cref="LineEditor"/> only maps keys to these calls and redraws.
/// </summary>
internal sealed class LineBuffer(IReadOnlyList<string> history)
{
    private readonly StringBuilder _text = new();
    private int _historyAt = history.Count;
    private string _draft = "";

    public string Text => _text.ToString();

    public int Cursor { get; private set; }

    public void Insert(char c)
    {
        _text.Insert(Cursor, c);
        Cursor++;
    }

    public void Backspace()
    {
        if (Cursor > 0)
        {
            _text.Remove(--Cursor, 1);
        }
    }

    public void Delete()
    {
        if (Cursor < _text.Length)
        {
            _text.Remove(Cursor, 1);
        }
    }

    public void Left() => Cursor = Math.Max(0, Cursor - 1);

    public void Right() => Cursor = Math.Min(_text.Length, Cursor + 1);

    public void Home() => Cursor = 0;

    public void End() => Cursor = _text.Length;

    /// <summary>The previous history line (Up); the line being typed is kept as a draft to come back to.</summary>
    public void Previous()
    {
        if (_historyAt == 0)
        {
            return;
        }

        if (_historyAt == history.Count)
        {
            _draft = Text;
        }

        Replace(history[--_historyAt]);
    }

    /// <summary>The next history line (Down), and finally the draft.</summary>
    public void Next()
    {
        if (_historyAt >= history.Count)
        {
            return;
        }

        _historyAt++;
        Replace(_historyAt == history.Count ? _draft : history[_historyAt]);
    }

    /// <summary>
    /// Tab: completes the word before the cursor to the candidates' common prefix (plus a space when only one fits).
    /// Returns the candidates to list when Tab could not decide (more than one and nothing more to fill in).
    /// </summary>
    public IReadOnlyList<string> Complete(Func<string, CompletionResult> complete)
    {
        string before = Text[..Cursor];
        var result = complete(before);
        if (result.Candidates.Count == 0)
        {
            return [];
        }

        string word = before[result.WordStart..];
        string fill = result.Candidates.Count == 1 ? result.Candidates[0] + " " : result.CommonPrefix();
        if (fill.Length <= word.Length)
        {
            return result.Candidates;
        }

        _text.Remove(result.WordStart, word.Length).Insert(result.WordStart, fill);
        Cursor = result.WordStart + fill.Length;
        return [];
    }

    private void Replace(string text)
    {
        _text.Clear().Append(text);
        Cursor = _text.Length;
    }
}
