namespace PaxosAkka.Simulation.Tests;

public class SimulationCliTests
{
    [Fact]
    public void Replay_command_names_seed_and_steps_for_default_options()
    {
        var line = SimulationCli.FormatReplayCommand(SimulationOptions.AllFaults(1234, 2000));
        Assert.Equal("dotnet run --project src/PaxosAkka.Cmd -- simulate-multi --seed 1234 --steps 2000", line);
    }

    [Fact]
    public void Replay_command_carries_every_non_default_flag()
    {
        var options = new SimulationOptions
        {
            Seed = 9,
            Steps = 300,
            Nodes = 3,
            Proposers = 2,
            Faults = FaultOptions.None,
            BrokenAcceptor = BrokenAcceptorMode.AcceptsBelowPromise,
        };
        Assert.Equal(
            "dotnet run --project src/PaxosAkka.Cmd -- simulate-multi --seed 9 --steps 300 --nodes 3 --proposers 2 " +
            "--faults none --broken-acceptor accepts-below-promise",
            SimulationCli.FormatReplayCommand(options));
    }

    [Fact]
    public void Replay_command_warns_when_settings_have_no_flag()
    {
        var options = new SimulationOptions { Clients = 7 };
        Assert.Contains("NOTE", SimulationCli.FormatReplayCommand(options), StringComparison.Ordinal);
        var custom = new SimulationOptions { Faults = new FaultOptions { DropProbability = 0.5 } };
        Assert.Contains("NOTE", SimulationCli.FormatReplayCommand(custom), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BrokenAcceptorMode.None)]
    [InlineData(BrokenAcceptorMode.ForgetsStateOnRestart)]
    [InlineData(BrokenAcceptorMode.AcceptsBelowPromise)]
    public void Broken_acceptor_flag_round_trips(BrokenAcceptorMode mode)
    {
        Assert.True(SimulationCli.TryParseBrokenAcceptor(SimulationCli.FormatBrokenAcceptor(mode), out var parsed));
        Assert.Equal(mode, parsed);
    }

    [Fact]
    public void Unknown_flag_values_are_rejected()
    {
        Assert.False(SimulationCli.TryParseBrokenAcceptor("sometimes", out _));
        Assert.False(SimulationCli.TryParseFaults("most", out _));
        Assert.False(SimulationCli.TryParseFaults(null, out _));
        Assert.True(SimulationCli.TryParseFaults("NONE", out var none));
        Assert.Equal(FaultOptions.None, none);
    }

    [Fact]
    public void Invalid_options_are_rejected_with_the_setting_named()
    {
        var error = Assert.Throws<ArgumentException>(
            () => new SimulationOptions { Faults = new FaultOptions { DropProbability = 1.5 } }.Validate());
        Assert.Contains("DropProbability", error.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<ArgumentException>(() => new SimulationOptions { Proposers = 6, Nodes = 5 }.Validate());
        Assert.ThrowsAny<ArgumentException>(() => new SimulationOptions { Nodes = 0 }.Validate());
        new SimulationOptions().Validate();
    }

    [Fact]
    public void Failed_result_summary_prints_seed_and_replay_line()
    {
        var result = new SimulationResult(
            77,
            [new InvariantViolation(InvariantKind.Agreement, 12, "slot 3: a vs b")],
            "dotnet run --project src/PaxosAkka.Cmd -- simulate-multi --seed 77 --steps 2000",
            new SimulationStats(),
            0);
        Assert.False(result.Passed);
        Assert.StartsWith("FAILED seed 77", result.Summary, StringComparison.Ordinal);
        Assert.Contains("Replay: dotnet run --project src/PaxosAkka.Cmd -- simulate-multi --seed 77", result.Summary, StringComparison.Ordinal);
        Assert.Contains("Agreement violated at tick 12", result.Summary, StringComparison.Ordinal);
    }
}
