using System.CommandLine;

namespace PaxosAkka.Cmd.Interactive;

/// <summary>What Tab offers for a line: the candidates for its last word, and where that word starts.</summary>
/// <param name="WordStart">Index in the line where the word being completed begins.</param>
/// <param name="Candidates">Matching command or option names, in ordinal order.</param>
internal sealed record CompletionResult(int WordStart, IReadOnlyList<string> Candidates)
{
    /// <summary>The longest text every candidate starts with (what Tab can fill in without choosing).</summary>
    public string CommonPrefix()
    {
        if (Candidates.Count == 0)
        {
            return "";
        }

        string prefix = Candidates[0];
        foreach (var candidate in Candidates.Skip(1))
        {
            int n = 0;
            while (n < prefix.Length && n < candidate.Length && prefix[n] == candidate[n])
            {
                n++;
            }

            prefix = prefix[..n];
        }

        return prefix;
    }
}

/// <summary>
/// Tab completion over the real command tree, so it can never offer a command the parser would refuse: the words
/// before the cursor walk down through subcommands (skipping options and their values); the last word is completed
/// to a subcommand of where the walk stopped, or, when it starts with '-', to one of that command's options.
/// </summary>
internal static class Completion
{
    /// <summary>Words the prompt itself understands besides the command tree.</summary>
    public static readonly IReadOnlyList<string> PromptWords = ["exit", "help", "quit"];

    public static CompletionResult Complete(Command root, string line)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(line);
        int wordStart = line.Length;
        while (wordStart > 0 && !char.IsWhiteSpace(line[wordStart - 1]))
        {
            wordStart--;
        }

        string partial = line[wordStart..];
        var before = CommandLineWords.Split(line[..wordStart]);
        var at = root;
        bool argumentSeen = false;
        for (int i = 0; i < before.Count; i++)
        {
            string word = before[i];
            if (word.StartsWith('-'))
            {
                // An option that takes a value swallows the next word (a bool flag does not).
                var option = at.Options.FirstOrDefault(o => o.Name == word || o.Aliases.Contains(word));
                if (option is not null && option.ValueType != typeof(bool) && !word.Contains('=', StringComparison.Ordinal))
                {
                    i++;
                }

                continue;
            }

            var sub = at.Subcommands.FirstOrDefault(c => c.Name == word || c.Aliases.Contains(word));
            if (sub is null)
            {
                argumentSeen = true; // an argument (a key, a number): only this command's options can follow
                break;
            }

            at = sub;
        }

        IEnumerable<string> names = partial.StartsWith('-')
            ? at.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal) || partial.Length <= 2)
            : argumentSeen ? []
            : at.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).Concat(at == root && before.Count == 0 ? PromptWords : []);
        var candidates = names.Where(n => n.StartsWith(partial, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new CompletionResult(wordStart, candidates);
    }
}
