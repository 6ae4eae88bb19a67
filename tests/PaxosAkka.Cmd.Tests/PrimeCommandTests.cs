using System.Net;

namespace PaxosAkka.Cmd.Tests;

public sealed class PrimeCommandTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-7")]
    [InlineData("12abc")]
    [InlineData("9223372036854775808")]
    public void Prime_rejects_a_number_outside_1_to_2_pow_63_minus_1_before_calling_any_node(string n)
    {
        var run = Cli.Run("prime", n, "--url", "http://127.0.0.1:1");

        Assert.Equal(ExitCodes.BadArguments, run.Exit);
        Assert.Contains($"N must be a whole number in 1..9223372036854775807, not '{n}'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Prime_rejects_a_url_that_is_not_http()
    {
        var run = Cli.Run("prime", "7", "--url", "ftp://x");
        Assert.Equal(ExitCodes.BadArguments, run.Exit);
        Assert.Contains("--url must be an http(s) URL", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Prime_reports_an_unreachable_node_with_its_url()
    {
        int port = CannedNode.ClosedPort();
        var run = Cli.Run("prime", "7", "--url", $"http://127.0.0.1:{port}");

        Assert.Equal(ExitCodes.Unavailable, run.Exit);
        Assert.Contains($"cannot reach http://127.0.0.1:{port}/", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("91", """{"n":91,"prime":false,"revision":12,"checkedBy":[1,3,5],"divisor":7}""", "91 is not prime: 7 divides it (recorded at revision 12; checked by nodes 1, 3, 5)")]
    [InlineData("999999999989", """{"n":999999999989,"prime":true,"revision":4,"checkedBy":[2,4],"divisor":null}""", "999999999989 is prime (recorded at revision 4; checked by nodes 2, 4)")]
    public async Task Prime_posts_to_the_node_and_prints_the_verdict_revision_and_checking_nodes(string n, string answer, string expected)
    {
        using var node = new CannedNode((HttpStatusCode.OK, answer));
        var run = await Task.Run(() => Cli.Run("prime", n, "--url", node.Url));

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Equal(expected, run.Output.Trim());
        Assert.Equal($"POST /prime/{n}", Assert.Single(await node.Requests));
    }

    [Fact]
    public async Task Prime_shows_the_nodes_error_message_on_a_refusal()
    {
        using var node = new CannedNode((HttpStatusCode.ServiceUnavailable, """{"error":"prime check of 7 did not complete within 15 s: timed out"}"""));
        var run = await Task.Run(() => Cli.Run("prime", "7", "--url", node.Url));

        Assert.Equal(ExitCodes.Unavailable, run.Exit);
        Assert.Contains("the node answered 503: prime check of 7 did not complete within 15 s: timed out", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_help_lists_the_prime_command()
    {
        var run = Cli.Run("prime", "--help");
        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Contains("--url", run.Output, StringComparison.Ordinal);
        Assert.Contains("3 = node unreachable", run.Output, StringComparison.Ordinal);
    }
}
