using System.Net;

namespace PaxosAkka.Cmd.Tests;

/// <summary><c>pbm kv ls</c> against a loopback server that answers like a node's <c>GET /kv</c>.</summary>
public sealed class KvCommandTests
{
    [Fact]
    public async Task Ls_asks_for_the_prefix_and_prints_one_aligned_line_per_key()
    {
        using var node = new CannedNode((HttpStatusCode.OK, """{"keys":[{"key":"files/a.txt","revision":12,"size":60},{"key":"files/big.bin","revision":7,"size":1048576}],"next":null,"revision":14}"""));
        var run = await Task.Run(() => Cli.Run("kv", "ls", "--prefix", "files/", "--limit", "50", "--url", node.Url));

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Equal(
            ["KEY            REVISION  SIZE", "files/a.txt          12  60", "files/big.bin         7  1048576"],
            run.Output.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray());
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(["GET /kv?prefix=files%2F&limit=50"], await node.Requests);
    }

    [Fact]
    public async Task Ls_says_how_to_continue_when_more_keys_follow_and_passes_after_on()
    {
        using var node = new CannedNode((HttpStatusCode.OK, """{"keys":[{"key":"k2","revision":2,"size":1}],"next":"k2","revision":9}"""));
        var run = await Task.Run(() => Cli.Run("kv", "ls", "--after", "k1", "--limit", "1", "--url", node.Url));

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Contains("k2", run.Output, StringComparison.Ordinal);
        Assert.Contains("more keys follow; continue with --after 'k2'", run.Error, StringComparison.Ordinal);
        Assert.Equal(["GET /kv?prefix=&limit=1&after=k1"], await node.Requests);
    }

    [Fact]
    public async Task Ls_all_follows_every_page()
    {
        using var node = new CannedNode(
            (HttpStatusCode.OK, """{"keys":[{"key":"a","revision":1,"size":1}],"next":"a","revision":3}"""),
            (HttpStatusCode.OK, """{"keys":[{"key":"b","revision":2,"size":2}],"next":null,"revision":3}"""));
        var run = await Task.Run(() => Cli.Run("kv", "ls", "--all", "-n", "1", "--url", node.Url));

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Equal(3, run.Output.TrimEnd().Split('\n').Length);
        Assert.Equal(["GET /kv?prefix=&limit=1", "GET /kv?prefix=&limit=1&after=a"], await node.Requests);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public async Task Ls_of_nothing_says_so()
    {
        using var node = new CannedNode((HttpStatusCode.OK, """{"keys":[],"next":null,"revision":0}"""));
        var run = await Task.Run(() => Cli.Run("kv", "ls", "-p", "none/", "--url", node.Url));
        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Equal("no keys with prefix 'none/'", run.Output.Trim());
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, ExitCodes.Unavailable)]
    [InlineData(HttpStatusCode.BadRequest, ExitCodes.BadArguments)]
    public async Task Ls_shows_the_nodes_error_message_on_a_refusal(HttpStatusCode status, int exit)
    {
        using var node = new CannedNode((status, """{"error":"no quorum answered within 2 s"}"""));
        var run = await Task.Run(() => Cli.Run("kv", "ls", "--url", node.Url));
        Assert.Equal(exit, run.Exit);
        Assert.Contains($"the node answered {(int)status}: no quorum answered within 2 s", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    public void Ls_rejects_a_limit_outside_1_to_1000_before_calling_any_node(string limit)
    {
        var run = Cli.Run("kv", "ls", "--limit", limit, "--url", "http://127.0.0.1:1");
        Assert.Equal(ExitCodes.BadArguments, run.Exit);
        Assert.Contains($"--limit must be 1..1000, not {limit}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Ls_reports_an_unreachable_node_with_its_url()
    {
        int port = CannedNode.ClosedPort();
        var run = Cli.Run("kv", "ls", "--url", $"http://127.0.0.1:{port}");
        Assert.Equal(ExitCodes.Unavailable, run.Exit);
        Assert.Contains($"cannot reach http://127.0.0.1:{port}/", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_option_names_the_whole_command()
    {
        var run = Cli.Run("kv", "ls", "--limit", "many");
        Assert.Equal(ExitCodes.BadArguments, run.Exit);
        Assert.Contains("(see 'pbm kv ls --help')", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_documents_the_options_and_exit_codes()
    {
        var run = Cli.Run("kv", "ls", "--help");
        Assert.Equal(ExitCodes.Success, run.Exit);
        foreach (var option in new[] { "--prefix", "--limit", "--after", "--all", "--url", "3 = node unreachable" })
        {
            Assert.Contains(option, run.Output, StringComparison.Ordinal);
        }
    }
}
