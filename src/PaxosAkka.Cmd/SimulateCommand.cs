using System.CommandLine;
using PaxosAkka.Cmd.Synchronous;

namespace PaxosAkka.Cmd;

/// <summary>
/// <c>pbm simulate</c>: the synchronous single-decree (binary-value) Paxos demo of reference system 002,
/// run over the real Acceptor and SynodProposer of PaxosAkka.Consensus.
/// </summary>
internal static class SimulateCommand
{
    /// <summary>Builds the command; its action writes the run to <paramref name="output"/>.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var nodes = new Option<int>("--nodes", "-n")
        {
            Description = $"Number of nodes (1..{SimulateSettings.MaxNodes}). Each is acceptor and learner; round r is led by node r % nodes.",
            DefaultValueFactory = _ => 3,
        };
        var crashProbability = new Option<double>("--crash-prob", "-p")
        {
            Description = "Probability (0..1) that a node crashes during a round. A crashed node is silent for the rest of the round and restarts at the next one with its durable acceptor state.",
            DefaultValueFactory = _ => 0.1,
        };
        var rounds = new Option<int>("--rounds", "-r")
        {
            Description = $"Number of synchronous rounds (1..{SimulateSettings.MaxRounds}). Every round is a fresh ballot, even after a decision, to show it never changes.",
            DefaultValueFactory = _ => 5,
        };
        var seed = new Option<int?>("--seed", "-s")
        {
            Description = "Seed of the single PRNG that draws inputs and crashes. The same seed prints the same run. Default: a random seed, printed so the run can be replayed.",
        };
        var binary = new Option<bool>("--binary")
        {
            Description = "Value domain. --binary (the default) gives every node an input of 0 or 1, as in the reference demo; --binary false gives every node an arbitrary integer input in [0, 1000).",
            DefaultValueFactory = _ => true,
        };
        var trace = new Option<bool>("--trace", "-t")
        {
            Description = "Print every message (prepare, promise, accept, accepted, chosen) and every crash, instead of one summary line per round.",
        };

        var command = new Command(
            "simulate",
            "Run synchronous single-decree Paxos with crashing nodes and check Agreement and Validity. "
            + "Exit codes: 0 = properties held, 1 = a property was violated, 2 = bad arguments. "
            + "Termination is not guaranteed: with crashes a run may end without a decision, which is not an error.")
        {
            nodes, crashProbability, rounds, seed, binary, trace,
        };

        command.SetAction(parsed =>
        {
            var settings = new SimulateSettings(
                parsed.GetValue(nodes),
                parsed.GetValue(crashProbability),
                parsed.GetValue(rounds),
                parsed.GetValue(seed) ?? PickSeed(),
                parsed.GetValue(binary) ? ValueDomain.Binary : ValueDomain.Integer,
                parsed.GetValue(trace));
            return Execute(settings, output, error);
        });
        return command;
    }

    /// <summary>Validates, runs and reports one simulation; returns the exit code.</summary>
    internal static int Execute(SimulateSettings settings, TextWriter output, TextWriter error)
    {
        if (settings.Validate() is { } problem)
        {
            error.WriteLine($"pbm simulate: {problem} (see 'pbm simulate --help')");
            return ExitCodes.BadArguments;
        }

        // The one source of randomness of the run: created here, from the seed, and passed down.
        var random = new Random(settings.Seed);
        var report = new SynchronousReport(output, settings);
        var result = SynchronousPaxos.Run(settings.ToOptions(), random, report.On);
        return result.Verdict.Holds ? ExitCodes.Success : ExitCodes.PropertyViolated;
    }

    // Only when the user gave no seed: the command line is the one place allowed to be nondeterministic,
    // and the report prints the seed so the run can be replayed exactly.
    private static int PickSeed() => Random.Shared.Next();
}
