using PaxosAkka.Cmd.Interactive;
using PaxosAkka.Cmd.Remote;

namespace PaxosAkka.Cmd.Tests;

/// <summary>The leading <c>host:port</c> of <c>pbm [host:port] &lt;command&gt;</c>, and the prompt's word splitting.</summary>
public sealed class NodeAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:9111", "127.0.0.1", 9111)]
    [InlineData("localhost:9110", "localhost", 9110)]
    [InlineData("node-3.example:1", "node-3.example", 1)]
    [InlineData("[::1]:9110", "::1", 9110)]
    public void A_host_and_port_parse(string text, string host, int port)
    {
        Assert.True(NodeAddress.TryParse(text, out var address));
        Assert.Equal(new NodeAddress(host, port), address);
    }

    [Theory]
    [InlineData("cluster")]
    [InlineData("--json")]
    [InlineData("-a")]
    [InlineData("http://127.0.0.1:9110")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:65536")]
    [InlineData(":9110")]
    [InlineData("127.0.0.1:x")]
    public void Anything_else_is_not_an_address(string text) => Assert.False(NodeAddress.TryParse(text, out _));

    [Fact]
    public void The_address_is_taken_off_the_front_only()
    {
        var (address, words) = PbmCli.SplitAddress(["127.0.0.1:9113", "cluster", "down", "-a", "127.0.0.1:9083"]);
        Assert.Equal(new NodeAddress("127.0.0.1", 9113), address);
        Assert.Equal(["cluster", "down", "-a", "127.0.0.1:9083"], words);

        var (fallback, same) = PbmCli.SplitAddress(["cluster", "show"]);
        Assert.Equal(NodeAddress.Default, fallback);
        Assert.Equal("127.0.0.1:9110", fallback.ToString());
        Assert.Equal(["cluster", "show"], same);
    }

    [Theory]
    [InlineData("127.0.0.1:99999")]
    [InlineData("http://127.0.0.1:9110")]
    public void A_malformed_address_is_refused_with_what_pbm_expects(string text)
    {
        var run = Cli.Run(text, "cluster", "show");
        Assert.Equal(ExitCodes.BadArguments, run.Exit);
        Assert.Equal($"pbm: '{text}' is not a node address; give host:port with a port in 1..65535, e.g. 127.0.0.1:9110", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public void An_IPv6_address_gets_brackets_in_its_url() =>
        Assert.Equal("http://[::1]:9110/", new NodeAddress("::1", 9110).BaseUri.ToString());

    [Theory]
    [InlineData("cluster show", new[] { "cluster", "show" })]
    [InlineData("  kv   put  k  v ", new[] { "kv", "put", "k", "v" })]
    [InlineData("kv put greeting \"hello world\"", new[] { "kv", "put", "greeting", "hello world" })]
    [InlineData("kv put 'a b' 'it''s'", new[] { "kv", "put", "a b", "its" })]
    [InlineData("kv put a\\ b \"say \\\"hi\\\"\"", new[] { "kv", "put", "a b", "say \"hi\"" })]
    [InlineData("kv cas k -e \"\" v", new[] { "kv", "cas", "k", "-e", "", "v" })]
    [InlineData("", new string[0])]
    public void Prompt_lines_split_into_words_like_a_shell(string line, string[] words) =>
        Assert.Equal(words, CommandLineWords.Split(line));
}
