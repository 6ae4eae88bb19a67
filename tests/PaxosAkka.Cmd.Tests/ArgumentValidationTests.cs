namespace PaxosAkka.Cmd.Tests;

public class ArgumentValidationTests
{
    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public void Bad_crash_probability_exits_2_with_message(string probability)
    {
        var run = Cli.Run("simulate", "--crash-prob", probability, "--seed", "1");

        AssertBadArguments(run, "--crash-prob must be between 0 and 1");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("1001")]
    public void Node_count_outside_1_to_1000_exits_2(string nodes)
    {
        AssertBadArguments(Cli.Run("simulate", "--nodes", nodes), "--nodes must be between 1 and 1000");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    public void Round_count_outside_range_exits_2(string rounds)
    {
        AssertBadArguments(Cli.Run("simulate", "--rounds", rounds), "--rounds must be between 1 and 10000");
    }

    [Theory]
    [InlineData("--nodes", "three")]
    [InlineData("--rounds", "2.5")]
    [InlineData("--crash-prob", "often")]
    [InlineData("--seed", "x")]
    public void Non_number_exits_2_naming_the_option(string option, string value)
    {
        AssertBadArguments(Cli.Run("simulate", option, value), $"Cannot parse argument '{value}' for option '{option}'");
    }

    [Fact]
    public void Unknown_option_exits_2()
    {
        AssertBadArguments(Cli.Run("simulate", "--crash-probability", "0.1"), "Unrecognized command or argument '--crash-probability'");
    }

    [Fact]
    public void Missing_option_value_exits_2()
    {
        AssertBadArguments(Cli.Run("simulate", "--nodes"), "--nodes");
    }

    [Fact]
    public void Unknown_command_exits_2_with_one_specific_line()
    {
        var run = Cli.Run("simulat");

        AssertBadArguments(run, "Unrecognized command or argument 'simulat'");
        Assert.DoesNotContain("Required command", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void No_command_opens_the_prompt_which_ends_with_its_input()
    {
        var run = Cli.RunWithInput("");

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Contains("[127.0.0.1:9110] pbm> ", run.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public void Settings_validation_accepts_the_edges_of_every_range()
    {
        var low = new SimulateSettings(1, 0.0, 1, 0, Synchronous.ValueDomain.Binary, Trace: false);
        var high = new SimulateSettings(SimulateSettings.MaxNodes, 1.0, SimulateSettings.MaxRounds, 0, Synchronous.ValueDomain.Integer, Trace: true);

        Assert.Null(low.Validate());
        Assert.Null(high.Validate());
    }

    private static void AssertBadArguments(CliRun run, string expected)
    {
        Assert.Equal(ExitCodes.BadArguments, run.Exit);
        Assert.Equal(string.Empty, run.Output);
        var line = Assert.Single(run.ErrorLines);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Contains("--help", line, StringComparison.Ordinal);
    }
}
