using PaxosAkka.Cmd.Interactive;
using PaxosAkka.Cmd.Remote;

namespace PaxosAkka.Cmd.Tests;

/// <summary>Tab completion over the real command tree, and the prompt's line editing and history.</summary>
public sealed class CompletionTests
{
    private static readonly System.CommandLine.Command Root =
        PbmCli.BuildRoot(new Io(NodeAddress.Default, TextWriter.Null, TextWriter.Null, TextReader.Null));

    private static IReadOnlyList<string> Candidates(string line) => Completion.Complete(Root, line).Candidates;

    [Fact]
    public void An_empty_line_offers_every_palette_and_the_prompts_own_words()
    {
        var all = Candidates("");
        foreach (var word in new[] { "actor", "cluster", "exit", "help", "kv", "menu", "paxos", "prime", "quit", "simulate", "simulate-multi" })
        {
            Assert.Contains(word, all);
        }
    }

    [Theory]
    [InlineData("cl", new[] { "cluster" })]
    [InlineData("cluster ", new[] { "down", "down-unreachable", "join", "leader", "leave", "show", "status", "tail" })]
    [InlineData("cluster d", new[] { "down", "down-unreachable" })]
    [InlineData("cluster down --", new[] { "--address", "--json" })]
    [InlineData("cluster down -", new[] { "--address", "--json", "-a" })]
    [InlineData("actor hierarchy -d 3 --", new[] { "--depth", "--json", "--start" })]
    [InlineData("paxos log --from 1 --t", new[] { "--to" })]
    [InlineData("kv ", new[] { "cas", "del", "get", "ls", "put" })]
    [InlineData("kv put greeting hello --", new[] { "--json", "--url" })]
    [InlineData("kv put greeting he", new string[0])]
    [InlineData("cluster show ", new string[0])]
    [InlineData("nothing ", new string[0])]
    public void Tab_offers_what_the_parser_accepts_there(string line, string[] expected) =>
        Assert.Equal(expected, Candidates(line));

    [Fact]
    public void The_prompts_own_words_are_offered_only_as_the_first_word() =>
        Assert.DoesNotContain("exit", Candidates("cluster "));

    [Fact]
    public void Tab_fills_a_single_candidate_with_a_space_and_a_shared_prefix_without_one()
    {
        var line = Type("cluster sh");
        Assert.Empty(line.Complete(text => Completion.Complete(Root, text)));
        Assert.Equal("cluster show ", line.Text);
        Assert.Equal(line.Text.Length, line.Cursor);

        var shared = Type("cluster do");
        Assert.Empty(shared.Complete(text => Completion.Complete(Root, text)));
        Assert.Equal("cluster down", shared.Text);

        // Nothing more to fill in: Tab lists the choices and leaves the line alone.
        Assert.Equal(["down", "down-unreachable"], shared.Complete(text => Completion.Complete(Root, text)));
        Assert.Equal("cluster down", shared.Text);
    }

    [Fact]
    public void Editing_keys_move_the_cursor_and_change_the_text_there()
    {
        var line = Type("clster");
        line.Home();
        line.Right();
        line.Right();
        line.Insert('u');
        Assert.Equal("cluster", line.Text);
        line.End();
        line.Backspace();
        line.Home();
        line.Delete();
        Assert.Equal("luste", line.Text);
        line.Left(); // at the start already: stays
        line.Backspace();
        Assert.Equal(("luste", 0), (line.Text, line.Cursor));
    }

    [Fact]
    public void Up_and_down_walk_the_history_and_come_back_to_the_draft()
    {
        var line = new LineBuffer(["cluster show", "paxos status"]);
        foreach (char c in "kv")
        {
            line.Insert(c);
        }

        line.Previous();
        Assert.Equal("paxos status", line.Text);
        line.Previous();
        line.Previous(); // the oldest: stays
        Assert.Equal("cluster show", line.Text);
        line.Next();
        line.Next();
        Assert.Equal("kv", line.Text);
        line.Next(); // past the newest: stays on the draft
        Assert.Equal("kv", line.Text);
    }

    private static LineBuffer Type(string text)
    {
        var line = new LineBuffer([]);
        foreach (char c in text)
        {
            line.Insert(c);
        }

        return line;
    }
}
