namespace PaxosAkka.Cmd.Tests;

public class HelpTests
{
    [Fact]
    public void Root_help_lists_the_simulate_command()
    {
        var run = Cli.Run("--help");

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Contains("pbm [command] [options]", run.Output, StringComparison.Ordinal);
        Assert.Contains("simulate", run.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public void Simulate_help_documents_every_option_and_the_exit_codes()
    {
        var run = Cli.Run("simulate", "--help");

        Assert.Equal(ExitCodes.Success, run.Exit);
        foreach (var option in new[] { "--nodes", "--crash-prob", "--rounds", "--seed", "--binary", "--trace" })
        {
            Assert.Contains(option, run.Output, StringComparison.Ordinal);
        }

        Assert.Contains("--binary false", run.Output, StringComparison.Ordinal);
        Assert.Contains("2 = bad arguments", run.Output, StringComparison.Ordinal);
        Assert.Contains("Termination is not guaranteed", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_wins_over_a_bad_value_on_the_same_line()
    {
        var run = Cli.Run("simulate", "--help", "--nodes", "x");

        Assert.Equal(ExitCodes.Success, run.Exit);
        Assert.Contains("--crash-prob", run.Output, StringComparison.Ordinal);
    }
}
